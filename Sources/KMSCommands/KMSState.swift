import Foundation
import KMIPCrypto

/// Reads and writes the model in the state file. Every method that changes something is one
/// transaction, or is called inside one by the caller.
struct KMSState: Sendable {
    let file: StateFile

    /// Opens the state at `path`, or at `KMS_STATE`, or `./kms-state.sqlite`.
    init(path: String?) throws(KMSError) {
        let chosen = path ?? ProcessInfo.processInfo.environment["KMS_STATE"] ?? "kms-state.sqlite"
        file = try StateFile(path: chosen)
    }

    // MARK: KMS configuration

    func configuration() throws(KMSError) -> KMSConfiguration? {
        let rows = try file.query(
            "SELECT type, address, key_identifier, namespace, token, role_id, secret_id, client_cert, client_key, ca_cert FROM kms WHERE id = 1")
        guard let row = rows.first else { return nil }
        guard let typeName = row[0].text, let type = KMSType(rawValue: typeName), let address = row[1].text, let key = row[2].text else {
            throw KMSError("state file \(file.path): the KMS row is damaged")
        }
        return KMSConfiguration(
            type: type, address: address, keyIdentifier: key, namespace: row[3].text, token: row[4].text, roleID: row[5].text,
            secretID: row[6].text, clientCertificate: row[7].blob, clientKey: row[8].blob, caCertificate: row[9].blob)
    }

    func save(_ configuration: KMSConfiguration) throws(KMSError) {
        try file.query(
            """
            INSERT OR REPLACE INTO kms (id, type, address, key_identifier, namespace, token, role_id, secret_id, client_cert, client_key, ca_cert)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(configuration.type.rawValue), .text(configuration.address), .text(configuration.keyIdentifier),
             SQLValue(configuration.namespace), SQLValue(configuration.token), SQLValue(configuration.roleID), SQLValue(configuration.secretID),
             SQLValue(configuration.clientCertificate), SQLValue(configuration.clientKey), SQLValue(configuration.caCertificate)])
    }

    func removeConfiguration() throws(KMSError) {
        try file.query("DELETE FROM kms")
    }

    /// Keys that wrapped filesystem keys before a rewrap, kept decrypt-only (snapshots, R12).
    func retiredKeys() throws(KMSError) -> [String] {
        try file.query("SELECT key_identifier FROM retired_keys ORDER BY retired_at, key_identifier").compactMap { $0[0].text }
    }

    func retire(_ keyIdentifier: String) throws(KMSError) {
        try file.query("INSERT OR IGNORE INTO retired_keys (key_identifier, retired_at) VALUES (?, ?)",
                       [.text(keyIdentifier), .integer(Int64(Date().timeIntervalSince1970))])
    }

    // MARK: Local encryption key

    /// The local-encryption key, made on first use.
    func localKey() throws(KMSError) -> SecretBytes {
        try file.transaction { () throws(KMSError) -> SecretBytes in
            if let stored = try file.query("SELECT key FROM local_key WHERE id = 1").first?[0].blob {
                return SecretBytes(stored)
            }
            let key: SecretBytes
            do { key = try Random.key(32) } catch { throw KMSError("cannot make the local encryption key: \(error)") }
            try file.query("INSERT INTO local_key (id, key) VALUES (1, ?)", [.blob(key.bytes)])
            return key
        }
    }

    // MARK: Filesystems

    func filesystems() throws(KMSError) -> [Filesystem] {
        let rows = try file.query(
            "SELECT name, encrypted, key_check, kms_key_identifier, kms_namespace, kms_role_id, kms_secret_id FROM filesystems ORDER BY name")
        var filesystems: [Filesystem] = []
        for row in rows {
            guard let name = row[0].text else { continue }
            let custom = CustomKMSKey(keyIdentifier: row[3].text, namespace: row[4].text, roleID: row[5].text, secretID: row[6].text)
            let isCustom = custom != CustomKMSKey()
            var filesystem = Filesystem(name: name, encrypted: row[1].integer == 1, keyCheck: row[2].blob, custom: isCustom ? custom : nil)
            filesystem.wrappings = try wrappings(of: name)
            filesystems.append(filesystem)
        }
        return filesystems
    }

    func filesystem(_ name: String) throws(KMSError) -> Filesystem {
        guard let found = try filesystems().first(where: { $0.name == name }) else {
            throw KMSError("there is no filesystem named '\(name)'")
        }
        return found
    }

    private func wrappings(of name: String) throws(KMSError) -> [Wrapping] {
        let rows = try file.query(
            "SELECT scheme, key_identifier, namespace, blob FROM wrappings WHERE filesystem = ? ORDER BY sequence", [.text(name)])
        return try rows.map { (row) throws(KMSError) -> Wrapping in
            guard let schemeName = row[0].text, let scheme = WrappingScheme(rawValue: schemeName), let key = row[1].text, let blob = row[3].blob else {
                throw KMSError("state file \(file.path): a wrapped key of filesystem '\(name)' is damaged")
            }
            return Wrapping(scheme: scheme, keyIdentifier: key, namespace: row[2].text, blob: blob)
        }
    }

    /// Adds a filesystem with its first wrapping (if encrypted).
    func insert(_ filesystem: Filesystem) throws(KMSError) {
        try file.query(
            "INSERT INTO filesystems (name, encrypted, key_check, kms_key_identifier, kms_namespace, kms_role_id, kms_secret_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(filesystem.name), .integer(filesystem.encrypted ? 1 : 0), SQLValue(filesystem.keyCheck)] + Self.customValues(filesystem.custom))
        for wrapping in filesystem.wrappings { try append(wrapping, to: filesystem.name) }
    }

    func setCustom(_ custom: CustomKMSKey?, of name: String) throws(KMSError) {
        try file.query(
            "UPDATE filesystems SET kms_key_identifier = ?, kms_namespace = ?, kms_role_id = ?, kms_secret_id = ? WHERE name = ?",
            Self.customValues(custom) + [.text(name)])
    }

    private static func customValues(_ custom: CustomKMSKey?) -> [SQLValue] {
        [SQLValue(custom?.keyIdentifier), SQLValue(custom?.namespace), SQLValue(custom?.roleID), SQLValue(custom?.secretID)]
    }

    func remove(_ name: String) throws(KMSError) {
        try file.query("DELETE FROM filesystems WHERE name = ?", [.text(name)])
    }

    /// Adds `wrapping` as the filesystem's newest; the older ones stay until `prune`.
    func append(_ wrapping: Wrapping, to name: String) throws(KMSError) {
        try file.query(
            """
            INSERT INTO wrappings (filesystem, sequence, scheme, key_identifier, namespace, blob)
            VALUES (?1, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM wrappings WHERE filesystem = ?1), ?2, ?3, ?4, ?5)
            """,
            [.text(name), .text(wrapping.scheme.rawValue), .text(wrapping.keyIdentifier), SQLValue(wrapping.namespace), .blob(wrapping.blob)])
    }

    /// Drops every wrapping but the newest of each filesystem, or of `name` only (once a
    /// rewrap is committed).
    func prune(_ name: String? = nil) throws(KMSError) {
        try file.query(
            """
            DELETE FROM wrappings WHERE (?1 IS NULL OR filesystem = ?1)
            AND sequence < (SELECT MAX(sequence) FROM wrappings AS newest WHERE newest.filesystem = wrappings.filesystem)
            """,
            [SQLValue(name)])
    }
}
