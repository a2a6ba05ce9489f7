import XCTest
import IntakeModel

/// The longest-common-subsequence alignment shared by the child's address rule and the review page's
/// marked differences.
final class AlignmentTests: XCTestCase {
    func testTheElementsOutsideTheCommonSubsequenceAreMarkedOnEachSide() {
        let (a, b) = Alignment.unmatched(["г", "Топки", "д", "25", "кори", "4"], ["г", "Топки", "д", "25", "корп", "4"])
        XCTAssertEqual(a, [false, false, false, false, true, false])
        XCTAssertEqual(b, [false, false, false, false, true, false])
        let (x, y) = Alignment.unmatched(Array("Кемеровская област"), Array("Кемеровская область"))
        XCTAssertEqual(x.filter { $0 }.count, 0)
        XCTAssertEqual(y.filter { $0 }.count, 1)
        let (e, f) = Alignment.unmatched([Int](), [1, 2])
        XCTAssertEqual(e, [])
        XCTAssertEqual(f, [true, true])
    }
}
