public import ArgumentParser

/// The `kmip` command: KMIP encodings, and (as the toolkit grows) the client, the mock
/// server and the compliance harness.
public struct KMIPCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kmip",
        abstract: "A KMIP toolkit: talk to a KMIP server, convert and inspect messages, make test certificates, run benchmarks.",
        subcommands: [
            Serve.self, Convert.self, Show.self, PKICommand.self,
            Versions.self, QueryCommand.self, CreateCommand.self, GetCommand.self, LocateCommand.self, AttributesCommand.self,
            CreateKeyPairCommand.self, RegisterCommand.self, ActivateCommand.self, RevokeCommand.self, DestroyCommand.self,
            EncryptCommand.self, DecryptCommand.self, SignCommand.self, VerifyCommand.self, MACCommand.self, RNGCommand.self,
            Bench.self, TestCommand.self, VaultMockCommand.self,
        ]
    )

    public init() {}
}

extension KMIPCommand {
    /// Parses the process arguments and runs the command; the `kmip` executable's entry.
    public static func runFromCommandLine() async {
        await main()
    }
}
