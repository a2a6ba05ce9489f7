// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pfdo-intake",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pfdo-intake", targets: ["PfdoIntakeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // The C libraries: libtesseract and Leptonica through pkg-config.
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract lept",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        // Plain value types shared by every stage: pages, words, boxes, fields, issues.
        .target(name: "IntakeModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Page loading, preparation and recognition: the only module that imports CTesseract.
        .target(
            name: "OCR",
            dependencies: ["CTesseract", "IntakeModel", .product(name: "Logging", package: "swift-log")]
        ),
        // Classification, field extraction, normalisation and validation: depends on the model only,
        // so its tests run on recorded OCR output without Tesseract. Form wording lives in templates.
        .target(
            name: "Extraction",
            dependencies: ["IntakeModel"],
            resources: [.copy("Templates")]
        ),
        // Files → pages → fields for one worker; packets; the batch runner.
        .target(
            name: "Pipeline",
            dependencies: ["OCR", "Extraction", "Registry", "IntakeModel", .product(name: "Logging", package: "swift-log")]
        ),
        // The certificate registry in SQLite (GRDB) or PostgreSQL (PostgresNIO): import, packets, matching, activation, audit.
        .target(
            name: "Registry",
            dependencies: ["IntakeModel", "Extraction", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The reviewers' web app (Hummingbird): queue, packet page with images and corrections, registry view.
        .target(
            name: "ReviewWeb",
            dependencies: ["Registry", "IntakeModel",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "Mustache", package: "swift-mustache"),
                           .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "PfdoIntakeCLI",
            dependencies: [
                "OCR", "IntakeModel", "Extraction", "Registry", "Pipeline", "ReviewWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "OCRTests", dependencies: ["OCR", "CTesseract", "IntakeModel"], exclude: ["Fixtures"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "IntakeModel"], resources: [.copy("Recorded")]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "IntakeModel"]),
        .testTarget(name: "ReviewWebTests", dependencies: ["ReviewWeb", "Registry", "IntakeModel",
                                                          .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "CLITests", dependencies: ["IntakeModel", "Pipeline"]),
    ],
    swiftLanguageModes: [.v5]
)
