import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeModel
import Logging
import XCTest
@testable import Registry
@testable import ReviewWeb

/// Fixtures: a registry with two entries, two packets in review (with boxes and a real 600x400 PNG page),
/// a reviewer, and an app whose session clock the tests move.
enum WebFixture {
    static let password = "correct horse battery"
    static let category = "Дети в возрасте от 5 до 18 лет"
    static let engine = EngineInfo(tesseract: "5.3.0", models: ["rus": "0f1e2d3c"])

    /// A 600x400 grey PNG with a few outlined lines.
    static let png = Data(base64Encoded: [
        "iVBORw0KGgoAAAANSUhEUgAAAlgAAAGQCAAAAABXXkFEAAALQElEQVR42u3df2jU9x3H8Ve8m0mG4/uRJUSEsC79o4MOUqihazSJG0Ihs3LJCj",
        "0k9GLDZIUqnRWp+HeJrugG++MC2h8WC4Fib2FN1LJiaLNV/G+sWaWabU5GYlXyvSYRKrl774/c3fca75LTGCp3z8cfX47P53v+8cnT7/d7d9z3",
        "qkzAg7eGJQBhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgbBAWABhgb",
        "BQvsKFBqtYFxRjKwhL/KoAiij1oMOpEFxjgbBAWABhoUzCunQkySLhwYfVVXs5nn3sgq3TeLzA3iO1Ska2RGgRVbb04PrpYNj5ue3Cw8Vmnvn8",
        "6wMb9h29cZiFrahg7v2IFZ/ZOus03bOt/aIkXd/R1pt3/HKHOpoTwaxee2WNRqKKDrP+sALyBj0zz/ou2NVmM896TlmiOjdstcdsojE7a/ZpxD",
        "yrS1mq3lCuVOJ+4VLiO3dFmkuFpNET2h4KxtO71JTMzX6z/wP+nyKjpLDmz9akx0KS7kjpvHPsWidV5WZPz+zU7AsNUxsnG1hXXhWWstPmhM70",
        "S1LrkBK2+MnZ2Z3jo6Pr3u0c1GAn68pF/jKvCp0v51/bfTt8vEkt3dGYWgd8SS3dB50v5yuYzeyejN2sO+mxsJX+qnC5sIDVeLsBWMVrLICwQF",
        "ggLICwQFgoU4U/0uGLhVgh3gsFp0IQFggLICwQFggLICwQFggLICwQFggLICwQFggLICwQFggLICwQFggLICwQFggLICwQFggLICwQFggLICwQ",
        "FggLICw8NAreg5RbkKIoW0FY4sakKKLUgw6nQnCNBcICYQGEhTIJ69KRJIuEBx9WV+3lePaxC7ZO4/G79vV7PSkZ2RJJZrYgrGKm9m56qeDE43",
        "cPP/tklfR6+1hbf2YLwioiPrN11mm6Z1v7RUm6vqOtN+/45Q51NCeC2ff3SBqJKjqc2aKCWQF5g56ZZ30X7GqzmWc9pyxRnRu22mM20ZidzQzX",
        "pSxVn9mi/KjE/cKlxHfuijSXCkmjJ7Q9FIynd6kpGcwCOSWFNX+2Jj0WknRHSud9jrjWSVXBrCSpYWrjZENmC66xlrQ5oTP9ktQ6pIQtfnJuVp",
        "LUOajBzswWlavgL6zmDTpfzr+2+3b4eJNauqMxtQ74klq6Dzpfzlcwm9k7GbtZd9Jb2LK8FRLMfYQF3FcbfKSD7+4aCyAsEBYICyAsEBbKVOGP",
        "dPhiIVaI90LBqRCEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAsPjYL3IO",
        "UWpCjKVhCWuDEpiij1oMOpEFxjgbBAWABhoUzCunQkySLhwYfVVXs5nn3sgq3TePyuff1eT0rvfbr9X0pGtkQokrCKm9q76aWCE4/fPfzsk1XS",
        "wA8+++1+vd4+1tbP6hJWMfGZrbNO0z3b2i9K0vUdbb15xy93qKM5Ecy+v0fSe7v0y59pJKroMKtbyayAvEHPzLO+C3a12cyznlOWqM4NW+0xm2",
        "jMzmaG6452RP5tdSlL1RvKj0rcL1xKfOeuSHOpkDR6QttDwXh6l5qSwawk6c6PRk/3fcx/2EpXUljzZ2vSYyFJd6R03ueIa51UFcxKkhoiivxG",
        "DVMbJxtYXa6xlrY5oTP9ktQ6pIQtfnJuVpL0i0/0SbM6BzXYyepWsIK/sJo36Hw5/9ru2+HjTWrpjsbUOuBLauk+6Hw5X8FsZu+v+mbDA48mYz",
        "frTnosb4UEcx9hAffVBh/p4Lu7xgIIC4QFwgIIC4SFMlX4Ix2+WIgV4r1QcCoEYYGwAMICYYGwAMICYYGwAMICYYGwAMICYYGwAMICYYGwAMIC",
        "YYGwAMICYYGwAMICYYGwAMICYYGwAMICYYGwAMLCQ6PgPUi5BSmKshWEJW5MiiJKPehwKgTXWCAsEBZAWCiTsC4dSbJIePBhddVejmcfu2DrNB",
        "6/a9+32p74KLNNRrZEKLKSLfdj4+ung2Hn57YLD7/txnPnv+z6YmF7YMO+ozcOs7wVEsy9H7HiM1tnnaZ7trVflKTrO9p6845f7lBHcyI3e+vl",
        "NY23MtuRqKLD/BUqmRWQN+iZedZ3wa42m3nWc8oS1blhqz1mE43ZWTOzd17MbOtSlqo3lB+VuF+4lPjOXZHmUiFp9IS2h4Lx9C41JYNZTbxxPr",
        "dFZSsprPmzNemxkKQ7UjrvHLvWSVXB7Ozzb9Zntg1TGycbWF1eFS5tc0Jn+iWpdUgJW/zk7KzFXn0qu+0c1GAnq8tFftFB58v513bfDh9vUkt3",
        "NKbWAV9SS/dB58v5Cmb19p5NWvfhwjYZu1l30mN5K/dV4XJhAavxdgOwitdYAGGBsEBYAGGBsFCmCn+kwxcLsUK8FwpOhSAsEBZAWCAsEBZAWC",
        "AsEBZAWCAsEBZAWCAsEBZAWCAsEBZAWCAsEBZAWCAsEBZAWCAsEBZAWCAsEBZAWCAsEBZAWHhoFLwHKbcgRVG2grDEjUlRRKkHHU6F4BoLhAXC",
        "AggLZRLWpSNJFgkPPqyu2svx7GMXbJ3G43ft+1bbEx/p49aft32mZGRLhCIr2XI/Nr5+Ohh2fm678PDbbjx3/suuLx45/+OJZ/95YMO+ozcOs7",
        "wVEsy9H7HiM1tnnaZ7trVflKTrO9p6845f7lBHcyI3e+vlNY239MNbujWnkaiiw/wVKpkVkDfomXnWd8GuNpt51nPKEtW5Yas9ZhON2Vkzs3de",
        "tIvVP63+s9WlLFVvKD8qcb9wKfGduyLNpULS6AltDwXj6V1qSgazmnjjvPa/96v3P9jOf9hKV1JY82dr0mMhSXekdN45dq2TqoLZ2effrNc/ut",
        "T9khqmNk42sLq8Klza5oTO9EtS65AStvjJ2VmLvfqU9Nhf9dkj6hzUYCery0V+0UHny/nXdt8OH29SS3c0ptYBX1JL90Hny/kKZvX2nk1a9+Hf",
        "96rqD08kYzfrTnosb+W+KlwuLGA13m4AVvEaCyAsEBYICyAsEBbKVOGPdPhiIVaI90LBqRCEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCA",
        "uEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAuEBcICCAsPjYL3IOUWpCjKVhCWuDEpiij1oMOpEFxjgbBAWABhoUzCunQkySLhwYfVVXs5",
        "nn3sgq3TeHzxrref3/rksCSN1CoZ2RKhyEq23I+Nr58Ohp2f2y48/Lbfrdk/+fR/pJlnPv/6wIZ9R28cZnkrJJh7P2LFZ7bOOk33bGu/KEnXd7",
        "T15h2/3KGO5kRu9td7Nf49Sa+9skYjUUWH+StUMisgb9Az86zvgl1tNvOs55QlqnPDVnvMJhqzs2bW8/2/mH0aMc/qUpaqN5QflbjfcqdC58v5",
        "jY9K/7sUcn7jlep5by47rJopJy+ZmZWkodPvftPxwUbn119fk97wFf9tK/dUGC5lp/mzNemxkKQ7UjrvH17rpKrc7J7fh7e/qNMzOzX7QsPUxs",
        "kG/gq8Klza5oTO9EtS65AStvjJ2dnkn/S3x7RzfHR03budgxrsZHU5si19Kry2+3b4eJNauqMxtQ74klq6Dy6cDYNZ/TeWXvvHnyw8KRm7WXfS",
        "Y3kr91S4XFjAarzdAKziNRZAWCAsEBZAWCAslKnCH+nwxUKsEO+FglMhCAuEBRAWCAuEBRAWCAuEBRAWCAuEBRAWCAuEBRAWCAuEBRAWCAuEBR",
        "AWCAuEBRAWCAuEBRAWCAuEBRAWCAuEBRAWHhr/B7QXSJ7Jm7C7AAAAAElFTkSuQmCC",
    ].joined())!

    static let registryCSV = """
    registry_number;last_name;first_name;middle_name;birth_date;category;municipality;status
    4217123456;Иванова;Алена;;05.03.2014;Дети в возрасте от 5 до 18 лет;Кемеровский городской округ;Не активирован
    4217654321;Петров;Сергей;Олегович;17.11.2012;Дети в возрасте от 5 до 18 лет;Новокузнецкий городской округ;Не активирован
    """

    /// Personal values of the fixtures: none may appear in a log line.
    static let personalValues = ["Иванова", "Алина", "Алена", "Алёна", "Ольга", "Петров", "Сергей", "Олегович",
                                 "4217123456", "4217654321", "2014-03-05", "05.03.2014", "olga.ivanova@mail.ru",
                                 "+79131234567", "Весенняя", "3212", "778899"]

    static func field(_ value: String?, _ index: Int, review: Bool = false) -> FieldResult {
        FieldResult(value: value, status: value == nil ? .missing : (review ? .review : .ok),
                    confidence: value == nil ? 0 : (review ? 0.41 : 0.93),
                    box: value == nil ? nil : Box(x: 20, y: 40 + (index % 6) * 60, width: 540, height: 24),
                    raw: value, reason: review ? "low confidence" : nil, rule: "anchor:label")
    }

    static func application(number: String, registry: String, last: String, first: String, middle: String?,
                            birth: String, email: String = "olga.ivanova@mail.ru", review: Set<String>) -> PageResult {
        let values: [(String, String?)] = [
            ("application_number", number), ("registry_number", registry), ("category", category),
            ("child.last_name", last), ("child.first_name", first), ("child.middle_name", middle),
            ("child.birth_date", birth),
            ("child.address", "Кемеровская область - Кузбасс, г. Кемерово, ул. Весенняя, д. 5, кв. 12"),
            ("applicant.last_name", last), ("applicant.first_name", "Ольга"), ("applicant.middle_name", "Петровна"),
            ("applicant.phone", "+79131234567"), ("applicant.email", email),
        ]
        var fields: [String: FieldResult] = [:]
        for (i, (k, v)) in values.enumerated() { fields[k] = field(v, i, review: review.contains(k)) }
        return PageResult(source: "app.png", page: 1, form: .application, fields: fields, engine: engine, signed: true)
    }

    static func consent(number: String, last: String, first: String, middle: String?) -> PageResult {
        let values: [(String, String?)] = [
            ("application_number", number), ("applicant.last_name", last), ("applicant.first_name", "Ольга"),
            ("applicant.middle_name", "Петровна"), ("applicant.passport_series", "3212"),
            ("applicant.passport_number", "778899"), ("applicant.passport_issue_date", "2015-06-01"),
            ("child.last_name", last), ("child.first_name", first), ("child.middle_name", middle),
        ]
        var fields: [String: FieldResult] = [:]
        for (i, (k, v)) in values.enumerated() { fields[k] = field(v, i) }
        return PageResult(source: "consent.png", page: 1, form: .consent, fields: fields, engine: engine, signed: true)
    }

    static func packet(_ name: String, _ pages: [PageResult], image: Bool = true) -> PacketInput {
        var numbered = pages
        for i in numbered.indices { numbered[i].page = i + 1 }
        let doc = DocumentPages(sha256: SHA256.hex(Array("file:\(name)".utf8)), fileName: name, size: 1000,
                                pages: numbered.map { PageInput(result: $0, image: image ? png : nil, width: 600, height: 400) })
        return PacketInput(documents: [doc])
    }
}
