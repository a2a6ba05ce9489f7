import Foundation
import GRDB
import IntakeModel
import Logging

/// Pages of documents still being read (`ingest_page`): a page is staged the moment it is read, so that a
/// stopped or killed batch loses at most the pages in flight and a rerun reads only the pages not staged yet.
/// `register` moves a document's pages into `page` and deletes its staged rows in the same transaction, so a
/// page is never stored twice. Staged rows are keyed by the document's content hash and page number: staging
/// the same page again (another process, a rerun) replaces the row.
extension RegistryStore {
    /// Stages one read page of the document with content hash `sha256`.
    /// On PostgreSQL this does not wait for the registry's writers: a staged row is keyed by the file's
    /// content and the page, and only `register` (under the writers' lock) moves it.
    public func stage(_ page: PageInput, number: Int, document sha256: String, pageCount: Int) throws {
        try queueWrite { db in
            try db.execute(sql: """
                INSERT INTO ingest_page (sha256, page_number, page_count, result, image, image_sha256, width, height, staged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sha256, page_number) DO UPDATE SET
                    page_count = excluded.page_count, result = excluded.result, image = excluded.image,
                    image_sha256 = excluded.image_sha256, width = excluded.width, height = excluded.height,
                    staged_at = excluded.staged_at
                """, arguments: [sha256.lowercased(), number, pageCount, JSONText.encode(page.result), page.image,
                                 page.image.map(SHA256.hex), page.width, page.height, clock()])
        }
    }

    /// The staged pages of a document, in page order. A staged page whose image no longer matches its hash
    /// is deleted (and so read again), never used. Without `images`, the pages come without their image
    /// bytes: `register` then takes each image from the staged row inside its transaction, so that a long
    /// document's images never need to be in memory together.
    public func stagedPages(_ sha256: String, images: Bool = true) throws -> [PageInput] {
        let (pages, damaged) = try read { db in try Self.stagedPages(db, sha256, images: images) }
        if !damaged.isEmpty {
            logger.warning("staged pages damaged, to be read again", metadata: ["pages": "\(damaged.count)"])
            try write { db in
                for n in damaged {
                    try db.execute(sql: "DELETE FROM ingest_page WHERE sha256 = ? AND page_number = ?", arguments: [sha256.lowercased(), n])
                }
            }
        }
        return pages
    }

    /// The staged pages of a document inside a transaction, and the numbers of damaged ones (left out).
    static func stagedPages(_ db: SQLDB, _ sha256: String, images: Bool) throws -> (pages: [PageInput], damaged: [Int]) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT page_number, result, \(images ? "image" : "NULL AS image"), image_sha256, width, height FROM ingest_page
            WHERE sha256 = ? ORDER BY page_number
            """, arguments: [sha256.lowercased()])
        var pages: [PageInput] = []
        var damaged: [Int] = []
        for row in rows {
            let image: Data? = row["image"]
            let number: Int = row["page_number"]
            guard var result = JSONText.decode(PageResult.self, row["result"]),
                  (try? Self.checkImage(image, sha256: row["image_sha256"], pageId: 0)) != nil else {
                damaged.append(number)
                continue
            }
            result.page = number
            pages.append(PageInput(result: result, image: image, width: row["width"], height: row["height"]))
        }
        return (pages, damaged)
    }

    /// The staged pages of a document (without images) inside the packet stage's transaction.
    static func stagedPages(_ db: SQLDB, _ sha256: String) throws -> [PageInput] {
        try stagedPages(db, sha256, images: false).pages
    }

    /// Page numbers staged for a document (damaged ones excluded).
    public func stagedPageNumbers(_ sha256: String) throws -> Set<Int> {
        Set(try stagedPages(sha256).map(\.result.page))
    }

    /// Forgets the staged pages of a document (stored meanwhile by another process).
    public func clearStaged(_ sha256: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM ingest_page WHERE sha256 = ?", arguments: [sha256.lowercased()]) }
    }

    /// Documents with staged pages, and how many: the work a stopped batch left to finish.
    public func stagedDocuments() throws -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sha256, count(*) AS n FROM ingest_page GROUP BY sha256") {
                out[row["sha256"]] = row["n"]
            }
            return out
        }
    }

    /// Gives the stored page `pageId` (stored without image bytes) the image staged for its document's page.
    static func takeStagedImage(_ db: SQLDB, pageId: Int64, document sha256: String, page: Int) throws {
        try db.execute(sql: """
            UPDATE page SET
                image = s.image, image_sha256 = s.image_sha256,
                image_format = CASE WHEN substr(s.image, 1, 3) = ? THEN 'jpeg'
                                    WHEN substr(s.image, 1, 4) = ? THEN 'png' ELSE 'unknown' END
            FROM (SELECT image, image_sha256 FROM ingest_page WHERE sha256 = ? AND page_number = ? AND image IS NOT NULL) AS s
            WHERE page.id = ?
            """, arguments: [Data([0xFF, 0xD8, 0xFF]), Data([0x89, 0x50, 0x4E, 0x47]), sha256.lowercased(), page, pageId])
    }

    /// Throws `imageDamaged` when `data` does not match the hash recorded with it (no hash recorded: not checked).
    static func checkImage(_ data: Data?, sha256: String?, pageId: Int64) throws {
        guard let sha256, let data else { return }
        if SHA256.hex(data) != sha256 { throw RegistryError.imageDamaged(pageId: pageId) }
    }
}
