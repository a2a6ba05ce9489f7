/// Why a field was not auto-accepted, as a code (the `reason` text says it in words).
///
/// Rules that lift or keep a doubt (agreement between the two forms, agreement with the registry)
/// decide on these codes, never on the English reason text.
public enum Doubt: String, Sendable, Codable, CaseIterable {
    // Format and plausibility of the value itself: no agreement lifts these.
    case format = "format"
    case futureDate = "future_date"
    case ageOutsideCategory = "age_outside_category"
    case selfApplicationUnder14 = "self_application_under_14"
    case issueDateImpossible = "issue_date_impossible"
    case patronymicEnding = "patronymic_ending"
    case surnameLikeGivenName = "surname_like_given_name"
    case unusualSurname = "unusual_surname"
    /// A first name with a patronymic's ending ("Рахимовна"): the full name was cut one word late.
    case givenNameLikePatronymic = "given_name_like_patronymic"
    /// A surname that is a word of the form's own printed text ("Данных" from "персональных данных",
    /// seed 2557 p002, a poor consent): the name's cut took the form's prose, not a name.
    case formWordAsName = "form_word_as_name"
    /// A surname or first name read with a small first letter and taken capitalised ("беккер Ирма
    /// Робертовна", seed 2557 p012): the letters are the reading's, the case was restored. The other
    /// form's reading of the same name, or the registry entry, lifts it.
    case capitalRestored = "capital_restored"
    case mayHaveLostYo = "may_have_lost_yo"
    /// A word ending in "ыи", which Russian spelling never has: the breve of й was lost ("Цветочныи"
    /// for "Цветочный", seed 2527, read alike on both forms), or an address word the dictionary knows
    /// only with й read with и ("Красноармеиская", seed 2539). The value shown is repaired.
    case mayHaveLostBreve = "may_have_lost_breve"
    case yoOnOneForm = "yo_on_one_form"
    case lookAlikeRepaired = "look_alike_repaired"
    case ambiguousEmailCharacters = "ambiguous_email_characters"
    /// The page's reading of the e-mail has a gap between two letters of its name that the value
    /// closed: an underscore, dot or hyphen there was lost (an underscore on an underline goes with
    /// the line; seed 2201: "darina semenova81" read, "darina_semenova81" printed).
    case emailGap = "email_gap"
    /// The e-mail's name begins or ends with "_", "-" or ".": mail services give no such names (they
    /// begin and end with a letter or digit), so a rule's rest or a speck was read into it. Also a
    /// stroke read as 1, l or i before the name, or a letter after a name that no name spells.
    case emailEdgeMark = "email_edge_mark"
    /// The e-mail's "@" or its domain's dot did not read and was put back by rule ("inboxru", "markzuevglist.ru").
    case emailMarkRepaired = "email_mark_repaired"
    case punctuation = "punctuation"
    case addressPart = "address_part"
    case officeVocabulary = "office_vocabulary"
    /// A passport series whose first two digits are not the region code of the office that issued it
    /// (32 for Kemerovo oblast): the series is printed by the issuing region.
    case seriesRegion = "series_region"
    case notAPassportOffice = "not_a_passport_office"
    case categoryNotConfigured = "category_not_configured"
    case dateSeparatorsLost = "date_separators_lost"
    /// A date read with one digit in its day or month ("1.06.2020" for 04.06.2020: seed 2657 p018, a
    /// scan, first contact): the forms print dd.mm.yyyy, so a digit of the print did not read, and its
    /// neighbour, damaged alike, may be misread by every model. The registry lifts it for the child.
    case dateDigitLost = "date_digit_lost"
    /// All readings agree, but at one digit the engine also saw another digit with a fair share
    /// (a 3 that may be a 5): the same misreading on both forms is then plausible, so the other
    /// form does not lift it; the registry entry does.
    case closeDigitAlternative = "close_digit_alternative"
    /// Another model, reading the zone at another scale, gives another well-formed value for a
    /// critical number or date: the page's model may be confidently wrong on both forms alike, so
    /// the other form does not lift it; the registry entry does.
    case otherModelDiffers = "other_model_differs"
    /// A name outside the lexicon that becomes a known name when one or two letters are replaced by
    /// letters the model confuses them with ("Гуссинова" for "Гусейнова"): both forms are misread
    /// alike, so the other form does not lift it; the registry entry does.
    case nearKnownName = "near_known_name"
    /// A name's letter whose print is as wide as two letters ("тт" joined, read as "п"): the same
    /// print on both forms is misread alike, so the other form does not lift it; the registry entry does.
    case letterPrintedAsTwo = "letter_printed_as_two"
    /// A small e or c (Latin or Cyrillic) whose print is the other letter's: an e open on the right, a c
    /// with a bar across. The same print on both forms is misread alike, so the other form does not lift
    /// it; the registry entry does (for the child's names).
    case letterPrintedOtherwise = "letter_printed_otherwise"
    /// An e-mail's dot, hyphen or underscore whose mark stands where another of the three would (a
    /// dot on the baseline read "-"): both Latin readings may share the misreading, and the names the
    /// letters spell say nothing of it. The registry holds no e-mail: a person looks.
    case emailMarkMisread = "email_mark_misread"
    /// More digits follow the number on its line after a break (a scanner's streak through it):
    /// the value may be its first part only, read alike by every model.
    case numberMayBeCut = "number_may_be_cut"
    /// Part of the value lies in a band the scanner did not see (a dropout streak down the page):
    /// the letters or digits there were guessed from their sides, so a confident reading proves
    /// nothing. The other form's reading (another sheet, scanned apart) or the registry lifts it.
    case printUnseen = "print_unseen"
    /// A surname accepted on a page where the same person's first name after it did not read: the
    /// name's line broke, perhaps inside the surname ("Гай (ук" for "Гайдук", seed 2573 p025). The
    /// other form's reading (another sheet, broken elsewhere if at all) or the registry lifts it.
    case surnameMayBeCut = "surname_may_be_cut"
    /// A phone read with a group of one digit ("144" read "14-1"): a digit broken in print.
    case digitGrouping = "digit_grouping"
    /// A doubt the locator raised about the text it cut (stray marks, prose after a label, ...).
    case extraction = "extraction"
    /// Found by its place in its section (the line of the value's kind under the section's heading,
    /// in the form's order) because its label or caption did not read: a bilevel scan drops the thin
    /// small captions under the blanks (s2735 p005). The other form's reading of the same value (found
    /// by its label there) or the registry entry says it is this field.
    case foundByPlace = "found_by_place"
    case crossFormMismatch = "cross_form_mismatch"
    case unexpectedKind = "unexpected_kind"
    // Doubts about the reading that an independent agreeing source lifts.
    case lowConfidence = "low_confidence"
    case singleReading = "single_reading"
    case readingsDiffer = "readings_differ"
    case emailReadingsDiffer = "email_readings_differ"
    case unfamiliarMailDomain = "unfamiliar_mail_domain"
    case categoryApproximate = "category_approximate"
    /// Not in the name lexicon: weak evidence, never a veto on its own.
    case notInNameLexicon = "not_in_name_lexicon"

    /// Whether the same value read on the other form of the packet lifts the doubt. Format,
    /// plausibility, ё and repaired-letter doubts stay: one printer's output can be misread the
    /// same way on both forms.
    public var liftedByOtherForm: Bool {
        switch self {
        case .lowConfidence, .singleReading, .readingsDiffer, .emailReadingsDiffer, .unfamiliarMailDomain,
             .categoryApproximate, .notInNameLexicon, .printUnseen, .capitalRestored, .surnameMayBeCut, .foundByPlace:
            return true
        default:
            return false
        }
    }

    /// Whether exact agreement with the registry entry (an independent record of the child) lifts
    /// the doubt. A misreading that lands exactly on the registry's spelling is not plausible. A
    /// possibly lost ё is lifted too: the portal prints the form pre-filled from the record the
    /// registry entry was made from, so an entry spelt without ё, letter for letter as read, says the
    /// print has none (an entry spelt with ё does not agree with a reading without it, and the doubt
    /// stays; seed 1903: 3 packets held back by right surnames spelt without ё in the registry too).
    public var liftedByRegistry: Bool {
        switch self {
        case .mayHaveLostYo, .mayHaveLostBreve, .lowConfidence, .singleReading, .readingsDiffer, .notInNameLexicon, .unusualSurname,
             .formWordAsName, .capitalRestored, .surnameLikeGivenName, .givenNameLikePatronymic, .patronymicEnding, .lookAlikeRepaired, .dateSeparatorsLost, .dateDigitLost, .extraction,
             .closeDigitAlternative, .otherModelDiffers, .nearKnownName, .letterPrintedAsTwo, .letterPrintedOtherwise, .categoryApproximate, .printUnseen, .surnameMayBeCut, .foundByPlace:
            return true
        default:
            return false
        }
    }
}
