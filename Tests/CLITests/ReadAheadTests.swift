import Foundation
@testable import Pipeline
import XCTest

/// The registering thread's view of files read ahead by the workers (no OCR: outcomes handed in).
final class ReadAheadTests: XCTestCase {
    func outcome(_ name: String) -> IngestedFile {
        IngestedFile(source: name, document: .init(sha256: name, fileName: name, size: 0, pages: []), seconds: 0)
    }

    func testAChunkIsGivenInOrderOnceAllItsFilesAreRead() {
        let reading = ReadAhead(count: 6)
        let names = (0..<6).map { "f\($0)" }
        // Files finish out of order on other threads, the second chunk's before the first chunk's last.
        DispatchQueue.global().async {
            for i in [4, 1, 0, 5, 3, 2] { usleep(2_000); reading.finished(i, self.outcome(names[i])) }
        }
        var told: [Int] = []
        let first = reading.wait(for: 0..<3) { done, i in told.append(i); XCTAssertEqual(done, told.count) }
        XCTAssertEqual(first.map(\.source), ["f0", "f1", "f2"])
        XCTAssertEqual(Set(told), [0, 1, 2], "each file of the chunk reported once")
        let second = reading.wait(for: 3..<6) { _, _ in }
        XCTAssertEqual(second.map(\.source), ["f3", "f4", "f5"])
    }

    func testFilesNotBegunWhenTheBatchEndsComeBackUnread() {
        let reading = ReadAhead(count: 2)
        XCTAssertFalse(reading.abandoned)
        reading.abandon()
        XCTAssertTrue(reading.abandoned)
        let given = IngestedFile.abandoned("/in/b.pdf")
        XCTAssertTrue(given.interrupted, "counted unfinished, read by the next run")
        XCTAssertEqual(given.document.fileName, "b.pdf")
    }
}
