import XCTest
@testable import Extraction
import IntakeModel

/// Choosing the registry entry among the paper's readings of the registry number, on recorded values
/// (seed 1803: on all three packets whose first reading named no entry, another reading was the
/// printed number).
final class RegistryReadingTests: XCTestCase {
    let child = PacketRules.RegistryChild(lastName: "Гусейнов", firstName: "Рашад", middleName: "Самирович", birthDate: "2016-02-11")
    let paper = ["child.last_name": "Гусейнов", "child.first_name": "Рашад", "child.middle_name": "Самирович",
                 "child.birth_date": "2016-02-11"]

    func testOtherReadingsAreNumbersOfNineOrTenDigitsOtherThanTheFirst() {
        XCTAssertEqual(PacketRules.otherRegistryReadings(first: "4201512723", readings: ["4201112723", "4201512723", "4201112723"]),
                       ["4201112723"], "the first reading and repeats are left out")
        // A "№" forced into a digit by a digits-only reading: its last ten digits first, then each digit left out.
        let eleven = PacketRules.otherRegistryReadings(first: "4201512723", readings: ["24201112723"])
        XCTAssertEqual(eleven.first, "4201112723")
        XCTAssertEqual(eleven.count, 9, "\(eleven)")
        XCTAssertTrue(eleven.allSatisfy { $0.count == 10 })
        // Seed 1901: "42023359754" read for "4202339734", "42023359734" by the other model.
        XCTAssertTrue(PacketRules.otherRegistryReadings(first: "42023359754", readings: ["42023359734"]).contains("4202339734"))
        // s2725 p005 (a scan, first contact): "2420126122" read for the nine-digit 420126122.
        XCTAssertEqual(PacketRules.otherRegistryReadings(first: "2420126122", readings: []), ["420126122"])
        XCTAssertEqual(PacketRules.otherRegistryReadings(first: "4201512723", readings: ["2420111272"]), ["2420111272", "420111272"],
                       "the ten digits first, then the nine after the first")
        XCTAssertEqual(PacketRules.otherRegistryReadings(first: "4201512723", readings: ["4201112723"]), ["4201112723"],
                       "ten digits opening with the region's code are a number of ten")
        XCTAssertEqual(PacketRules.otherRegistryReadings(first: nil, readings: ["420111272", "42011127"]), ["420111272"],
                       "8 digits is no registry number")
        XCTAssertEqual(PacketRules.otherRegistryReadings(first: "4201512723", readings: ["42О1112723", "", "4201 112723"]),
                       ["4201112723"], "a reading with a letter in it is not a reading of digits")
    }

    func testTheOneReadingWhoseEntryHoldsThePaperChildExactlyIsChosen() {
        var other = child
        other.firstName = "Рашид"
        XCTAssertEqual(PacketRules.registryReading(application: paper, candidates: [("4201112723", child), ("4201112728", other)]),
                       "4201112723")
        XCTAssertNil(PacketRules.registryReading(application: paper, candidates: [("4201112728", other)]),
                     "an entry of another child is never chosen")
    }

    func testEveryChildFieldMustAgreeLetterForLetter() {
        for (key, value) in [("child.birth_date", "2016-02-12"), ("child.last_name", "Гусеинов"), ("child.middle_name", "Самировнч")] {
            var misread = paper
            misread[key] = value
            XCTAssertNil(PacketRules.registryReading(application: misread, candidates: [("4201112723", child)]), key)
        }
        var noPatronymic = paper
        noPatronymic["child.middle_name"] = nil
        XCTAssertNil(PacketRules.registryReading(application: noPatronymic, candidates: [("4201112723", child)]),
                     "a patronymic in the entry that the paper lacks is a disagreement")
        var unread = paper
        unread["child.birth_date"] = nil
        XCTAssertNil(PacketRules.registryReading(application: unread, candidates: [("4201112723", child)]),
                     "an unread birth date agrees with nothing")
    }

    func testTwoReadingsNamingTheSameChildAreLeftToAPerson() {
        // Twin entries of one child (an export's duplicate): the paper cannot tell which is meant.
        XCTAssertNil(PacketRules.registryReading(application: paper, candidates: [("4201112723", child), ("4201112728", child)]))
        XCTAssertNil(PacketRules.registryReading(application: paper, candidates: []))
    }

    func testALoneDigitBeforeTheApplicationNumberIsAMark() {
        // Seed 1901, a clean page: "№2 69472" (the underline's start read as a digit) gave "2", accepted.
        XCTAssertEqual(FieldParser.normalize(kind: .number, "№2 69472")?.value, "69472")
        XCTAssertEqual(FieldParser.normalize(kind: .number, "№ 69472")?.value, "69472")
        XCTAssertEqual(FieldParser.normalize(kind: .number, "№2, в целях")?.value, "2", "a one-digit number stays")
        XCTAssertEqual(FieldParser.normalize(kind: .number, "№7 12.03.2025")?.value, "7", "a date after the number is not the number")
    }
}
