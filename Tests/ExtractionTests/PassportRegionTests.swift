import XCTest
@testable import Extraction
import IntakeModel

/// The passport series against its issuing office: the first two digits are the issuing region's code.
final class PassportRegionTests: XCTestCase {
    func field(_ value: String?, _ status: FieldStatus = .ok, doubt: Doubt? = nil) -> FieldResult {
        var f = FieldResult(value: value, status: status)
        f.doubt = doubt
        f.reason = doubt?.rawValue
        return f
    }

    func testTheRegionCodeOfAnOffice() {
        XCTAssertEqual(Normalizer.officeRegionCode("ГУ МВД России по Кемеровской области - Кузбассу"), "32")
        XCTAssertEqual(Normalizer.officeRegionCode("Отделом по вопросам миграции Отдела МВД России по г. Прокопьевску"), "32")
        XCTAssertEqual(Normalizer.officeRegionCode("ТП УФМС России по Кемеровской обл. в г. Мысках"), "32")
        XCTAssertNil(Normalizer.officeRegionCode("ГУ МВД России по Новосибирской области"))
        XCTAssertNil(Normalizer.officeRegionCode("ОВМ ОМВД России по г. Бердску"), "a town of another region")
    }

    func testASeriesWithAnotherCodeUnderAnOfficeOfTheRegionIsDoubted() {
        var fields = ["applicant.passport_series": field("5224"),
                      "applicant.passport_issued_by": field("ГУ МВД России по Кемеровской области")]
        Validator.checkSeriesRegion(&fields)
        XCTAssertEqual(fields["applicant.passport_series"]?.status, .review)
        XCTAssertEqual(fields["applicant.passport_series"]?.doubt, .seriesRegion)
        // The office of another region: nothing to say.
        var moved = ["applicant.passport_series": field("5004"),
                     "applicant.passport_issued_by": field("ГУ МВД России по Новосибирской области")]
        Validator.checkSeriesRegion(&moved)
        XCTAssertEqual(moved["applicant.passport_series"]?.status, .ok)
    }

    func testAReadingThatDiffersInTheRegionCodeOnlyIsSettledByTheOffice() {
        // Seed 2507 p010: "3226" printed; eng at twice the scale and the third model read 5226.
        var series = field("3226", .review, doubt: .otherModelDiffers)
        series.otherModel = "5226"
        series.readings = ["5226"]
        var fields = ["applicant.passport_series": series,
                      "applicant.passport_issued_by": field("ГУ МВД России по Кемеровской области - Кузбассу")]
        Validator.checkSeriesRegion(&fields)
        XCTAssertEqual(fields["applicant.passport_series"]?.status, .ok)
        // A reading that differs in the year's digits too is not settled by the office.
        var other = series
        other.otherModel = "5256"
        var g = ["applicant.passport_series": other, "applicant.passport_issued_by": field("ГУ МВД России по Кемеровской области")]
        Validator.checkSeriesRegion(&g)
        XCTAssertEqual(g["applicant.passport_series"]?.status, .review)
        // Nor is a doubt of another kind (a format problem).
        var h = ["applicant.passport_series": field("3226", .review, doubt: .format),
                 "applicant.passport_issued_by": field("ГУ МВД России по Кемеровской области")]
        Validator.checkSeriesRegion(&h)
        XCTAssertEqual(h["applicant.passport_series"]?.status, .review)
    }

    func testAReadingWhoseBlankYearDoesNotFitTheIssueDateIsSettled() {
        // Seed 2541 p014: "3225" printed, issued 2025-10-02; the other model read "3220".
        var series = field("3225", .review, doubt: .otherModelDiffers)
        series.otherModel = "3220"
        let office = field("ГУ МВД России по Кемеровской области - Кузбассу")
        var fields = ["applicant.passport_series": series, "applicant.passport_issued_by": office,
                      "applicant.passport_issue_date": field("2025-10-02")]
        Validator.checkSeriesRegion(&fields)
        XCTAssertEqual(fields["applicant.passport_series"]?.status, .ok)
        // Seed 2541 p026: "3222" issued 2022; the other model "3442" (another code, another year).
        var s2 = field("3222", .review, doubt: .otherModelDiffers)
        s2.otherModel = "3442"
        var g = ["applicant.passport_series": s2, "applicant.passport_issued_by": office, "applicant.passport_issue_date": field("2022-03-19")]
        Validator.checkSeriesRegion(&g)
        XCTAssertEqual(g["applicant.passport_series"]?.status, .ok)
        // Both readings fit (3221 and 3222 for a passport of 2022): a person decides.
        var s3 = s2
        s3.otherModel = "3221"
        var h = ["applicant.passport_series": s3, "applicant.passport_issued_by": office, "applicant.passport_issue_date": field("2022-03-19")]
        Validator.checkSeriesRegion(&h)
        XCTAssertEqual(h["applicant.passport_series"]?.status, .review)
        // An issue date in doubt is no evidence.
        var i = ["applicant.passport_series": series, "applicant.passport_issued_by": office,
                 "applicant.passport_issue_date": field("2025-10-02", .review, doubt: .lowConfidence)]
        Validator.checkSeriesRegion(&i)
        XCTAssertEqual(i["applicant.passport_series"]?.status, .review)
        // Across a century: a 1999 blank for a passport of 2000 fits, a 1995 one does not.
        let issued = SimpleDate(year: 2000, month: 5, day: 1)!
        XCTAssertTrue(Validator.seriesYearFits("3299", issued: issued))
        XCTAssertFalse(Validator.seriesYearFits("3295", issued: issued))
        XCTAssertFalse(Validator.seriesYearFits("3202", issued: issued))
    }

    func testOfficesOfOtherRegionsAreInTheVocabularyAndAMisreadRegionIsNot() {
        XCTAssertNil(Normalizer.officeDoubt("ГУ МВД России по Новосибирской области"))
        XCTAssertNil(Normalizer.officeDoubt("ГУ МВД России по Алтайскому краю"))
        XCTAssertNil(Normalizer.officeDoubt("МВД по Республике Татарстан"))
        XCTAssertNil(Normalizer.officeDoubt("ГУ МВД России по г. Москве"))
        XCTAssertNotNil(Normalizer.officeDoubt("ГУ МВД России по Кемеровсной области"))
        XCTAssertNotNil(Normalizer.officeDoubt("ГУ МВД России по кемеровской облаcти"))
    }
}
