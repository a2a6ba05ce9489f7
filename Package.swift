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
    ],
    targets: [
        // The C libraries: libtesseract and Leptonica through pkg-config.
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract lept",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        // Plain value types shared by every stage: pages, words, boxes, fields, issues.
        .target(name: "IntakeModel"),
        // Page loading, preparation and recognition: the only module that imports CTesseract.
        .target(
            name: "OCR",
            dependencies: ["CTesseract", "IntakeModel", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "PfdoIntakeCLI",
            dependencies: [
                "OCR", "IntakeModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "OCRTests", dependencies: ["OCR", "IntakeModel"]),
        .testTarget(name: "CLITests", dependencies: ["IntakeModel"]),
    ],
    swiftLanguageModes: [.v5]
)
