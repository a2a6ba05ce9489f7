import GRDB

extension RegistryStore {
    /// The subset of `hashes` already stored as documents (so a batch can skip them before OCR).
    public func storedDocuments(_ hashes: [String]) throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try read { db in
            var found = Set<String>()
            for chunk in stride(from: 0, to: hashes.count, by: 500).map({ Array(hashes[$0..<min($0 + 500, hashes.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try String.fetchAll(db, sql: "SELECT sha256 FROM document WHERE sha256 IN (\(marks))",
                                               arguments: SQLArguments(chunk))
                found.formUnion(rows)
            }
            return found
        }
    }
}
