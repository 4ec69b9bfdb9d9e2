public import ArgumentParser
import Foundation
import VaultTransit

/// The `kms` command: WEKA-style KMS management (`weka security kms` and the filesystem KMS
/// flags) over KMIP, with the state in one SQLite file. Without a subcommand it shows the
/// configured KMS.
public struct KMSCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kms",
        abstract: "Manage the KMS that wraps filesystem keys (WEKA's `weka security kms`), and the filesystems themselves.",
        discussion: "Without a subcommand, shows the configured KMS. The state lives in --state, KMS_STATE, or ./kms-state.sqlite.",
        subcommands: [SetCommand.self, UnsetCommand.self, RewrapCommand.self, FilesystemCommand.self]
    )

    @OptionGroup var state: StateOptions
    @OptionGroup var format: FormatOptions

    public init() {}

    public func run() async throws {
        let state = try state.open()
        guard let configuration = try state.configuration() else {
            print(format.json ? try Output.json(["configured": false]) : "No KMS is configured")
            return
        }
        let token = await Self.tokenStatus(configuration)
        let retired = try state.retiredKeys()
        let encrypted = try state.filesystems().filter(\.encrypted).count
        if format.json {
            var fields: [String: Any] = [
                "configured": true, "type": configuration.type.rawValue, "address": configuration.address,
                "keyIdentifier": configuration.keyIdentifier, "authMethod": configuration.authMethod,
                "retiredKeys": retired, "encryptedFilesystems": encrypted,
            ]
            fields["namespace"] = configuration.namespace
            switch token {
            case .success(let info)?:
                fields["tokenTTL"] = info.ttl
                fields["tokenRenewable"] = info.renewable
            case .failure(let error)?: fields["tokenError"] = error.description
            case nil: break
            }
            print(try Output.json(fields))
            return
        }
        let rows: [(String, String)] = [
            ("type", configuration.type.rawValue), ("address", configuration.address), ("key identifier", configuration.keyIdentifier),
            ("namespace", configuration.namespace ?? "-"), ("auth method", configuration.authMethod),
            ("token ttl", Self.describe(token) { $0.ttl == 0 ? "never expires" : "\($0.ttl)s" }),
            ("token renewable", Self.describe(token) { $0.renewable ? "yes" : "no" }),
            ("retired keys", retired.isEmpty ? "-" : retired.joined(separator: ", ")), ("encrypted filesystems", String(encrypted)),
        ]
        print(rows.map { $0.0.padding(toLength: 23, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n"))
    }
}

extension KMSCommand {
    /// For Vault: the token's remaining TTL and renewability (token lookup-self; after an
    /// AppRole login, the login token's), as text; `nil` for kmip.
    static func tokenStatus(_ configuration: KMSConfiguration) async -> Result<VaultTokenInfo, KMSError>? {
        guard configuration.type == .vault else { return nil }
        do {
            let vault = try VaultKeyWrapper(configuration)
            return .success(try await closing([vault]) { try await vault.tokenInfo() })
        } catch {
            return .failure(error as? KMSError ?? KMSError("\(error)"))
        }
    }

    static func describe(_ token: Result<VaultTokenInfo, KMSError>?, _ text: (VaultTokenInfo) -> String) -> String {
        switch token {
        case .success(let info)?: text(info)
        case .failure(let error)?: "unknown (\(error))"
        case nil: "-"
        }
    }

    /// Parses the process arguments and runs the command; the `kms` executable's entry.
    public static func runFromCommandLine() async {
        await main()
    }
}

/// Where the state file is.
struct StateOptions: ParsableArguments {
    @Option(help: "The state file (env KMS_STATE; default ./kms-state.sqlite).") var state: String?

    func open() throws(KMSError) -> KMSState {
        try KMSState(path: state)
    }
}

/// `--json`, shared by `kms` and `kms fs` (one group type, so either level may carry it).
struct FormatOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.") var json = false
}

/// Printing: results on standard output, progress and warnings on standard error.
enum Output {
    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
