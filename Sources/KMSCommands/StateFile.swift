internal import CSQLite
import Foundation

/// A value bound to, or read from, an SQLite statement.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    var text: String? { if case .text(let value) = self { value } else { nil } }
    var blob: [UInt8]? { if case .blob(let value) = self { value } else { nil } }
    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }

    init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    init(_ blob: [UInt8]?) { self = blob.map(SQLValue.blob) ?? .null }
}

/// The `kms` state: one SQLite file, created with owner-only permissions (it holds KMS
/// credentials), written only inside transactions so that a killed process leaves either the
/// state before a change or the state after it.
///
/// `@unchecked Sendable`: the connection is opened in SQLite's serialized (full mutex) mode.
final class StateFile: @unchecked Sendable {
    let path: String
    private let database: OpaquePointer

    /// Opens (or creates) the state file at `path` and brings its schema up to date.
    init(path: String) throws(KMSError) {
        self.path = path
        let existed = FileManager.default.fileExists(atPath: path)
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close(handle) }
            throw KMSError("cannot open the state file \(path): \(reason)")
        }
        database = handle
        if !existed { chmod(path, 0o600) }
        sqlite3_busy_timeout(handle, 5_000)
        try execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        try transaction { () throws(KMSError) in try execute(Self.schema) }
    }

    deinit {
        sqlite3_close(database)
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS kms (
            id INTEGER PRIMARY KEY CHECK (id = 1), type TEXT NOT NULL, address TEXT NOT NULL, key_identifier TEXT NOT NULL,
            namespace TEXT, token TEXT, role_id TEXT, secret_id TEXT, client_cert BLOB, client_key BLOB, ca_cert BLOB);
        CREATE TABLE IF NOT EXISTS retired_keys (key_identifier TEXT PRIMARY KEY, retired_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS local_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS filesystems (
            name TEXT PRIMARY KEY, encrypted INTEGER NOT NULL, key_check BLOB,
            kms_key_identifier TEXT, kms_namespace TEXT, kms_role_id TEXT, kms_secret_id TEXT);
        CREATE TABLE IF NOT EXISTS wrappings (
            filesystem TEXT NOT NULL REFERENCES filesystems(name) ON DELETE CASCADE, sequence INTEGER NOT NULL,
            scheme TEXT NOT NULL, key_identifier TEXT NOT NULL, namespace TEXT, blob BLOB NOT NULL,
            PRIMARY KEY (filesystem, sequence));
        """

    /// Runs `body` in one `BEGIN IMMEDIATE` ... `COMMIT`; rolls back when it throws.
    func transaction<T>(_ body: () throws(KMSError) -> T) throws(KMSError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs SQL without results (one or more statements, no parameters).
    func execute(_ sql: String) throws(KMSError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(database, sql, nil, nil, &message) == SQLITE_OK else {
            let reason = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw KMSError("state file \(path): \(reason)")
        }
    }

    /// Runs one statement with parameters; returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws(KMSError) -> [[SQLValue]] {
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &prepared, nil) == SQLITE_OK, let statement = prepared else {
            throw failure()
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let number): sqlite3_bind_int64(statement, index, number)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, kmip_sqlite_transient())
            case .blob(let bytes):
                _ = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), kmip_sqlite_transient()) }
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure() }
            rows.append((0..<sqlite3_column_count(statement)).map { column(statement, $0) })
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            return .blob(sqlite3_column_blob(statement, index).map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? [])
        default: return .null
        }
    }

    private func failure() -> KMSError {
        KMSError("state file \(path): \(String(cString: sqlite3_errmsg(database)))")
    }
}
