import ArgumentParser

/// `kms set <type> <address> <key-identifier>`: configure (or reconfigure) the KMS.
///
/// Before saving it proves the KMS works (wrap and unwrap a test key, and unwrap an existing
/// filesystem key with the new settings); filesystem keys under local encryption are wrapped
/// by the new KMS in the same transaction. Any failure leaves the old configuration.
struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Configure the KMS (vault or kmip) that wraps filesystem keys.",
        discussion: """
            Examples:
              kms set kmip 127.0.0.1:5696 <key-uid> --client-cert client.pem --client-key client-key.pem --ca-cert ca.pem
              kms set vault https://vault-dns:8200 weka_cluster_key --token <token>
              KMS_SECRET_ID=<secret-id> kms set vault https://vault-dns:8200 weka_cluster_key --role-id <role-id>
            """)

    @OptionGroup var state: StateOptions
    @Argument(help: "vault or kmip.") var type: String
    @Argument(help: "A URL for vault, hostname:port for kmip.") var address: String
    @Argument(help: "The Vault transit key name, or the KMIP key UID.") var keyIdentifier: String
    @Option(help: "Vault token (cluster-wide key).") var token: String?
    @Option(help: "Vault namespace (needs AppRole).") var namespace: String?
    @Option(help: "Client certificate PEM file (kmip).") var clientCert: String?
    @Option(help: "Client private key PEM file (kmip).") var clientKey: String?
    @Option(help: "CA certificate PEM file to trust (default: the system store).") var caCert: String?
    @Option(help: "Vault AppRole role ID.") var roleId: String?
    @Option(help: "Vault AppRole secret ID (better: env KMS_SECRET_ID).") var secretId: String?
    @Flag(help: "Convert every encrypted filesystem to the cluster key, dropping per-filesystem keys.") var convertToClusterKeyOnFs = false

    func run() async throws {
        let state = try state.open()
        let new = try KMSRules.configuration(KMSRules.SetArguments(
            type: type, address: address, keyIdentifier: keyIdentifier, token: token, namespace: namespace,
            clientCert: clientCert, clientKey: clientKey, caCert: caCert, roleID: roleId, secretID: secretId))
        let wrapper = try KeyRing.wrapper(new)
        let old = try KeyRing(state: state, configuration: try state.configuration())
        let changes = try await closing(old.kms.map { [wrapper, $0] } ?? [wrapper]) {
            try await prepare(new, wrapper: wrapper, keyRing: old, filesystems: try state.filesystems().filter(\.encrypted))
        }
        try state.file.transaction { () throws(KMSError) in
            try state.save(new)
            for (name, wrapping) in changes.wrappings { try state.append(wrapping, to: name) }
            for name in changes.converted { try state.setCustom(nil, of: name) }
            try state.prune()
        }
        print("KMS set: \(new.type.rawValue) \(new.address) key \(new.keyIdentifier)")
        if !changes.wrappings.isEmpty { print("wrapped the keys of \(changes.wrappings.count) filesystem(s) with the new KMS") }
    }

    /// New wrappings to store, and the filesystems converted to the cluster key.
    struct Changes {
        var wrappings: [(String, Wrapping)] = []
        var converted: [String] = []
    }

    private func prepare(_ new: KMSConfiguration, wrapper: any KeyWrapper, keyRing: KeyRing, filesystems: [Filesystem]) async throws(KMSError) -> Changes {
        do {
            try await KeyRing.prove(wrapper)
        } catch {
            throw KMSError("the new KMS does not work, nothing changed: \(error)")
        }
        var changes = Changes()
        var checked = false
        for filesystem in filesystems {
            guard let current = filesystem.current else { continue }
            let convert = convertToClusterKeyOnFs && filesystem.custom != nil
            if current.scheme == .local || convert {
                changes.wrappings.append((filesystem.name, try await keyRing.rewrap(filesystem, with: wrapper)))
                if convert { changes.converted.append(filesystem.name) }
                continue
            }
            if filesystem.custom != nil { continue }
            guard current.scheme.rawValue == new.type.rawValue else {
                throw KMSError("'\(filesystem.name)' is wrapped by a \(current.scheme.rawValue) KMS that a \(new.type.rawValue) KMS cannot unwrap; run `kms unset --allow-downgrade` first")
            }
            guard current.keyIdentifier == new.keyIdentifier else {
                throw KMSError("'\(filesystem.name)' is wrapped by key \(current.keyIdentifier); `set` keeps the key, use `kms rewrap --new-key-uid \(new.keyIdentifier)` to move to another")
            }
            if !checked {
                do {
                    let key = try await wrapper.unwrap(current, for: filesystem.name)
                    guard try DataKey.check(key) == filesystem.keyCheck else { throw KMSError("it unwrapped to a different key") }
                } catch {
                    throw KMSError("the new settings cannot unwrap the key of '\(filesystem.name)', nothing changed: \(error)")
                }
                checked = true
            }
        }
        return changes
    }
}
