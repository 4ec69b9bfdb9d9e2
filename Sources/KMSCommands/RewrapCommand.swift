import ArgumentParser

/// `kms rewrap`: wrap filesystem keys again (R9-R11). For kmip, with the new key
/// `--new-key-uid`, which then becomes the configured key; the old key is kept in the
/// history, decrypt-only.
///
/// Crash safety: each filesystem's new wrapping is committed beside its old one; the key
/// switch and the removal of the old wrappings are one final transaction. Stopped anywhere,
/// every key unwraps with its old or its new wrapping, and running the command again
/// finishes the job.
struct RewrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrap", abstract: "Re-wrap filesystem keys: for kmip with --new-key-uid, for vault with the latest key version.",
        discussion: "Example: kms rewrap --new-key-uid <uid of a new AES-256 key>")

    @OptionGroup var state: StateOptions
    @Option(help: "kmip only: the UID of the key to wrap with from now on.") var newKeyUid: String?
    @Flag(help: "Also filesystems with their own (per-filesystem) Vault key.") var all = false
    @Flag(help: "Convert every encrypted filesystem to the cluster key.") var convertToClusterKeyOnFs = false

    func run() async throws {
        let state = try state.open()
        guard let configuration = try state.configuration() else { throw KMSError("no KMS is configured") }
        switch configuration.type {
        case .vault:
            if newKeyUid != nil { throw KMSError("--new-key-uid is for kmip only; Vault rewraps to the latest version of the same key") }
        case .kmip:
            guard let newKeyUid else { throw KMSError("kmip needs --new-key-uid: KMIP keys have no versions, so rewrap moves to another key") }
            try KMSRules.identifier(newKeyUid, "new key UID")
            guard newKeyUid != configuration.keyIdentifier else { throw KMSError("\(newKeyUid) is already the configured key") }
        }
        let newKey = newKeyUid ?? configuration.keyIdentifier
        let keyRing = try KeyRing(state: state, configuration: configuration)
        let target = try KeyRing.wrapper(configuration, keyIdentifier: newKey)
        let selected = try state.filesystems().filter { $0.encrypted && ($0.custom == nil || all || convertToClusterKeyOnFs) }
        try await closing([target] + (keyRing.kms.map { [$0] } ?? [])) {
            do {
                try await KeyRing.prove(target)
            } catch {
                throw KMSError("key \(newKey) does not work, nothing changed: \(error)")
            }
            for (index, filesystem) in selected.enumerated() {
                let progress = "[\(index + 1)/\(selected.count)] \(filesystem.name)"
                let own = filesystem.custom != nil && !convertToClusterKeyOnFs
                let wrapping: Wrapping?
                do {
                    wrapping = try await keyRing.withWrapper(for: filesystem, ownKey: own, cluster: target) {
                        (wrapper) async throws -> Wrapping? in
                        if let current = filesystem.current, wrapper.usesKey(of: current),
                           try await (wrapper as? VaultKeyWrapper)?.isLatest(current) ?? true {
                            return nil
                        }
                        return try await keyRing.rewrap(filesystem, with: wrapper)
                    }
                } catch {
                    throw KMSError("rewrap stopped at \(progress), nothing lost (each key still unwraps with its old or new wrapping; run the command again): \(error)")
                }
                guard let wrapping else {
                    Output.note("\(progress): already wrapped by \(filesystem.current?.keyIdentifier ?? newKey)")
                    continue
                }
                try state.file.transaction { () throws(KMSError) in
                    try state.append(wrapping, to: filesystem.name)
                    if convertToClusterKeyOnFs { try state.setCustom(nil, of: filesystem.name) }
                }
                Output.note("\(progress): rewrapped with \(wrapping.keyIdentifier)")
            }
        }
        try state.file.transaction { () throws(KMSError) in
            if newKey != configuration.keyIdentifier {
                var updated = configuration
                updated.keyIdentifier = newKey
                try state.save(updated)
                try state.retire(configuration.keyIdentifier)
            }
            try state.prune()
        }
        print("rewrapped \(selected.count) filesystem key(s) with \(newKey)")
    }
}
