internal import CSQLite
import Foundation
import KMIP

/// Objects in an SQLite file (WAL journal, synchronous FULL): every write is on disk before
/// the call returns, so a response never reports an object a crash could lose.
public actor SQLiteObjectStore: ObjectStore {
    /// Used only from the actor, and closed in deinit once no one can use it.
    nonisolated(unsafe) private let database: OpaquePointer
    private let sequential: Bool
    private var counter: Int

    /// A store failure, with SQLite's message.
    public struct StoreError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (or creates) the database at `path`.
    public init(path: String, sequentialIdentifiers: Bool = false) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close(handle) }
            throw StoreError(description: "cannot open \(path): \(message)")
        }
        database = handle
        sequential = sequentialIdentifiers
        counter = 0
        try Self.execute(handle, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA secure_delete = ON;
            CREATE TABLE IF NOT EXISTS objects (identifier TEXT PRIMARY KEY, sequence INTEGER NOT NULL, owner TEXT NOT NULL, record BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS objects_owner ON objects (owner, sequence);
            """)
        counter = try Self.scalar(handle, "SELECT COALESCE(MAX(sequence), 0) FROM objects")
    }

    deinit {
        sqlite3_close(database)
    }

    /// The next number (sequential) or a random UUID, never one in use (Import may have taken it).
    public func newIdentifier() -> String {
        while true {
            counter += 1
            let identifier = sequential ? String(counter) : MemoryObjectStore.uuid()
            if (try? object(identifier)) == nil { return identifier }
        }
    }

    public func insert(_ object: StoredObject) throws {
        try write("INSERT INTO objects (identifier, sequence, owner, record) VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM objects), ?, ?)", object)
    }

    public func update(_ object: StoredObject) throws {
        try write("UPDATE objects SET owner = ?2, record = ?3 WHERE identifier = ?1", object)
    }

    public func remove(_ uniqueIdentifier: String) throws {
        let statement = try prepare("DELETE FROM objects WHERE identifier = ?")
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, uniqueIdentifier, -1, kmip_sqlite_transient())
        try step(statement)
    }

    public func object(_ uniqueIdentifier: String) throws -> StoredObject? {
        let statement = try prepare("SELECT record FROM objects WHERE identifier = ?")
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, uniqueIdentifier, -1, kmip_sqlite_transient())
        return try rows(statement).first
    }

    public func objects(ownedBy owner: String) throws -> [StoredObject] {
        let statement = try prepare("SELECT record FROM objects WHERE owner = ? ORDER BY sequence")
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, owner, -1, kmip_sqlite_transient())
        return try rows(statement)
    }

    // MARK: SQLite

    private func write(_ sql: String, _ object: StoredObject) throws {
        let record = try StoredObjectCoding.encode(object)
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, object.uniqueIdentifier, -1, kmip_sqlite_transient())
        sqlite3_bind_text(statement, 2, object.owner, -1, kmip_sqlite_transient())
        _ = record.withUnsafeBytes { sqlite3_bind_blob(statement, 3, $0.baseAddress, Int32($0.count), kmip_sqlite_transient()) }
        try step(statement)
    }

    private func rows(_ statement: OpaquePointer) throws -> [StoredObject] {
        var objects: [StoredObject] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return objects }
            guard status == SQLITE_ROW else { throw StoreError(description: String(cString: sqlite3_errmsg(database))) }
            let length = Int(sqlite3_column_bytes(statement, 0))
            let bytes = sqlite3_column_blob(statement, 0).map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []
            objects.append(try StoredObjectCoding.decode(bytes))
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError(description: String(cString: sqlite3_errmsg(database)))
        }
        return statement
    }

    private func step(_ statement: OpaquePointer) throws {
        guard sqlite3_step(statement) == SQLITE_DONE else { throw StoreError(description: String(cString: sqlite3_errmsg(database))) }
    }

    private static func execute(_ database: OpaquePointer, _ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(database, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw StoreError(description: text)
        }
    }

    private static func scalar(_ database: OpaquePointer, _ sql: String) throws -> Int {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError(description: String(cString: sqlite3_errmsg(database)))
        }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return 0 }
        return Int(sqlite3_column_int64(statement, 0))
    }
}
