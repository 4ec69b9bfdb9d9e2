import ArgumentParser
import Foundation

/// `kms fs ...`: filesystems whose keys the KMS wraps (WEKA's `weka fs` KMS flags).
/// Without a subcommand, lists them.
struct FilesystemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fs", abstract: "Filesystems and their wrapped keys; without a subcommand, list them.",
        subcommands: [Add.self, Remove.self, Update.self, KMSRewrap.self, Unlock.self])

    @OptionGroup var state: StateOptions
    @OptionGroup var format: FormatOptions

    func run() async throws {
        let filesystems = try state.open().filesystems()
        if format.json {
            print(try Output.json(filesystems.map { filesystem -> [String: Any] in
                var fields: [String: Any] = ["name": filesystem.name, "encrypted": filesystem.encrypted]
                fields["wrappedBy"] = filesystem.current?.scheme.rawValue
                fields["kmsKey"] = filesystem.current?.keyIdentifier
                fields["kmsNamespace"] = filesystem.custom?.namespace
                fields["kmsRole"] = filesystem.custom?.roleID
                return fields
            }))
            return
        }
        let header = ["NAME", "ENCRYPTED", "WRAPPED BY", "KMS KEY", "KMS NAMESPACE", "KMS ROLE"]
        let rows = filesystems.map { filesystem in
            [filesystem.name, filesystem.encrypted ? "yes" : "no", filesystem.current?.scheme.rawValue ?? "-",
             filesystem.current?.keyIdentifier ?? "-", filesystem.custom?.namespace ?? "-", filesystem.custom?.roleID ?? "-"]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            print(zip(row, widths).map { $0.padding(toLength: $1 + 2, withPad: " ", startingAt: 0) }.joined().trimmingCharacters(in: .whitespaces))
        }
    }

    /// `kms fs add <name>`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a filesystem; --encrypted gives it a random 256-bit key wrapped by the KMS.",
            discussion: "Examples:\n  kms fs add logs\n  kms fs add finance --encrypted\n  kms fs add poc --encrypted --allow-no-kms")

        @OptionGroup var state: StateOptions
        @Argument(help: "Filesystem name.") var name: String
        @Flag(help: "Encrypt the filesystem (chosen at creation only).") var encrypted = false
        @Flag(help: "Allow an encrypted filesystem without a KMS (local encryption, insecure).") var allowNoKms = false
        @Option(help: "Vault only: this filesystem's own transit key.") var kmsKeyIdentifier: String?
        @Option(help: "Vault only: the namespace of that key.") var kmsNamespace: String?
        @Option(help: "Vault only: AppRole role ID for that key.") var kmsRoleId: String?
        @Option(help: "Vault only: AppRole secret ID for that key.") var kmsSecretId: String?

        func run() async throws {
            try KMSRules.filesystemName(name)
            let state = try state.open()
            if try state.filesystems().contains(where: { $0.name == name }) { throw KMSError("a filesystem named '\(name)' exists already") }
            let custom = CustomKMSKey(keyIdentifier: kmsKeyIdentifier, namespace: kmsNamespace, roleID: kmsRoleId, secretID: kmsSecretId)
            let hasCustom = custom != CustomKMSKey()
            guard encrypted else {
                if hasCustom || allowNoKms { throw KMSError("--kms-* options and --allow-no-kms need --encrypted") }
                try state.file.transaction { () throws(KMSError) in try state.insert(Filesystem(name: name, encrypted: false)) }
                print("added \(name) (not encrypted)")
                return
            }
            let configuration = try state.configuration()
            if configuration == nil, !allowNoKms {
                throw KMSError("no KMS is configured: set one with `kms set`, or give --allow-no-kms for local encryption (insecure)")
            }
            if hasCustom, configuration?.type != .vault { throw KMSError("--kms-* options are only for a HashiCorp Vault KMS") }
            if hasCustom, let configuration {
                if let namespace = kmsNamespace { try KMSRules.validateNamespace(namespace) }
                if let key = kmsKeyIdentifier { try KMSRules.identifier(key, "KMS key identifier") }
                if (kmsRoleId == nil) != (kmsSecretId == nil) { throw KMSError("--kms-role-id and --kms-secret-id go together") }
                if kmsRoleId == nil, configuration.roleID == nil {
                    throw KMSError("per-filesystem keys need AppRole: give --kms-role-id and --kms-secret-id, or set the cluster KMS with AppRole")
                }
            }
            let keyRing = try KeyRing(state: state, configuration: configuration)
            let key = try DataKey.generate()
            var filesystem = Filesystem(name: name, encrypted: true, keyCheck: try DataKey.check(key), custom: hasCustom ? custom : nil)
            let wrapping = try await closing(keyRing.kms.map { [$0] } ?? []) {
                try await keyRing.withWrapper(for: filesystem) { try await $0.wrap(key, for: name) }
            }
            filesystem.wrappings = [wrapping]
            try state.file.transaction { () throws(KMSError) in try state.insert(filesystem) }
            if wrapping.scheme == .local { Output.note("warning: '\(name)' uses local encryption, which is insecure; `kms set` wraps its key later") }
            print("added \(name) (encrypted, key wrapped by \(wrapping.scheme.rawValue) \(wrapping.keyIdentifier))")
        }
    }

    /// `kms fs remove <name>`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a filesystem and its wrapped key.")
        @OptionGroup var state: StateOptions
        @Argument(help: "Filesystem name.") var name: String

        func run() async throws {
            let state = try state.open()
            _ = try state.filesystem(name)
            try state.file.transaction { () throws(KMSError) in try state.remove(name) }
            print("removed \(name)")
        }
    }

    /// `kms fs update <name> --use-cluster-kms-key-identifier`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a filesystem back to the cluster KMS key, dropping its own KMS settings.")
        @OptionGroup var state: StateOptions
        @Argument(help: "Filesystem name.") var name: String
        @Flag(help: "Use the cluster KMS key and drop this filesystem's own KMS settings.") var useClusterKmsKeyIdentifier = false

        func run() async throws {
            guard useClusterKmsKeyIdentifier else { throw KMSError("nothing to update: give --use-cluster-kms-key-identifier") }
            let state = try state.open()
            let filesystem = try state.filesystem(name)
            guard filesystem.custom != nil else { throw KMSError("'\(name)' already uses the cluster KMS key") }
            try await rewrapWithClusterKey(filesystem, state: state, dropCustom: true)
            print("\(name) now uses the cluster KMS key")
        }
    }

    /// `kms fs kms-rewrap <name>`.
    struct KMSRewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "kms-rewrap", abstract: "Re-wrap one filesystem's key with the configured KMS key.")
        @OptionGroup var state: StateOptions
        @Argument(help: "Filesystem name.") var name: String

        func run() async throws {
            let state = try state.open()
            let filesystem = try state.filesystem(name)
            guard filesystem.encrypted else { throw KMSError("'\(name)' is not encrypted") }
            try await rewrapWithClusterKey(filesystem, state: state, dropCustom: false)
            print("rewrapped the key of \(name)")
        }
    }

    /// `kms fs unlock`: unwrap every key, as a cluster start does.
    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unwrap every filesystem key, as a cluster start would, and report each.")
        @OptionGroup var state: StateOptions

        func run() async throws {
            let state = try state.open()
            let encrypted = try state.filesystems().filter(\.encrypted)
            let keyRing = try KeyRing(state: state, configuration: try state.configuration())
            let locked = try await closing(keyRing.kms.map { [$0] } ?? []) {
                var locked = 0
                for filesystem in encrypted {
                    do {
                        let (_, wrapping) = try await keyRing.unwrap(filesystem)
                        print("\(filesystem.name): unlocked (\(wrapping.scheme.rawValue) key \(wrapping.keyIdentifier))")
                    } catch {
                        locked += 1
                        print("\(filesystem.name): locked: \(error)")
                    }
                }
                return locked
            }
            if locked > 0 { throw KMSError("\(locked) of \(encrypted.count) encrypted filesystem(s) stay locked") }
        }
    }
}

/// Wraps one filesystem's key with the configured KMS key, keeping the old wrapping until the
/// new one is committed.
private func rewrapWithClusterKey(_ filesystem: Filesystem, state: KMSState, dropCustom: Bool) async throws {
    guard let configuration = try state.configuration() else { throw KMSError("no KMS is configured") }
    let keyRing = try KeyRing(state: state, configuration: configuration)
    let wrapping = try await closing(keyRing.kms.map { [$0] } ?? []) {
        if dropCustom { return try await keyRing.rewrap(filesystem, with: try keyRing.current()) }
        return try await keyRing.withWrapper(for: filesystem) { try await keyRing.rewrap(filesystem, with: $0) }
    }
    try state.file.transaction { () throws(KMSError) in
        try state.append(wrapping, to: filesystem.name)
        if dropCustom { try state.setCustom(nil, of: filesystem.name) }
        try state.prune(filesystem.name)
    }
}
