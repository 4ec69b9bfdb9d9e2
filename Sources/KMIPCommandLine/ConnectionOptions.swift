import ArgumentParser
import Foundation
import KMIP
import KMIPClient
import KMIPSpec
import KMIPTLS

/// Where the server is and how to authenticate (shared by the client commands and `kmip test`): flags, then environment variables
/// (`KMIP_HOST`, `KMIP_PORT`, `KMIP_CERT`, `KMIP_KEY`, `KMIP_CA`, `KMIP_SERVER_NAME`,
/// `KMIP_VERSION`, `KMIP_USERNAME`; the password only from `KMIP_PASSWORD`), then a config file (`--config` or `KMIP_CONFIG`) of `name = value` lines
/// with the same names in lower case (`host = kms.example.com`).
struct ServerOptions: ParsableArguments {
    @Option(help: "Server host name or address (env KMIP_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Server port (env KMIP_PORT; default 5696).")
    var port: Int?

    @Option(help: "Client certificate, PEM (env KMIP_CERT).")
    var cert: String?

    @Option(help: "Client private key, PEM (env KMIP_KEY; its passphrase from KMIP_KEY_PASSPHRASE).")
    var key: String?

    @Option(help: "CA certificate(s) to trust, PEM file (env KMIP_CA; default: the system store).")
    var ca: String?

    @Option(help: "Name to verify the server certificate against (env KMIP_SERVER_NAME; default: the host).")
    var serverName: String?

    @Option(name: .customLong("kmip-version"), help: "Pin the KMIP version, e.g. 1.4 (env KMIP_VERSION; default: negotiate).")
    var kmipVersion: String?

    @Option(help: "Send a Username and Password credential as this user (env KMIP_USERNAME); the password, if the server wants one, from env KMIP_PASSWORD.")
    var username: String?

    @Option(help: "Speak KMIP over HTTPS: POST each message to this path, e.g. /kmip (env KMIP_HTTPS_PATH; default: TTLV over TLS).")
    var httpsPath: String?

    @Flag(help: "Allow TLS 1.2 (with the KMIP profile's suites) as well as TLS 1.3.")
    var tls12 = false

    @Option(help: "Seconds to wait for each response.")
    var timeout: Double = 30

    @Option(help: "Config file of name = value lines (env KMIP_CONFIG).")
    var config: String?

    /// Throws when a flag that names or authenticates to a server (`--port`, `--cert`, ...) is
    /// given to a command about to start its own server instead (`what` says which), rather
    /// than measuring or testing something other than the user meant.
    func refuseTargetFlags(_ what: String) throws {
        let given: [(String, Bool)] = [
            ("--host", host != nil), ("--port", port != nil), ("--cert", cert != nil), ("--key", key != nil), ("--ca", ca != nil),
            ("--server-name", serverName != nil), ("--kmip-version", kmipVersion != nil), ("--username", username != nil), ("--config", config != nil),
        ]
        let flags = given.filter(\.1).map(\.0)
        guard flags.isEmpty else {
            throw CommandError("\(flags.joined(separator: ", ")) name\(flags.count == 1 ? "s" : "") a server to reach, but \(what)")
        }
    }

    /// `--https-path` as the command line gives it (not the environment or config file: for
    /// the in-process servers of `kmip test --self` and `kmip bench server`), checked.
    func commandLineHTTPSPath() throws -> String? {
        try httpsPath.map(Self.checkHTTPSPath)
    }

    /// `path`, when it can be an HTTPS endpoint's path.
    static func checkHTTPSPath(_ path: String) throws -> String {
        guard path.hasPrefix("/"), !path.contains(where: \.isWhitespace) else { throw CommandError("--https-path must start with / and hold no spaces, not '\(path)'") }
        return path
    }

    /// The value of a setting: flag, environment, config file.
    func setting(_ flag: String?, _ name: String, file: [String: String]) -> String? {
        flag ?? ProcessInfo.processInfo.environment["KMIP_" + name.uppercased().replacingOccurrences(of: "-", with: "_")] ?? file[name]
    }

    func configFile() throws -> [String: String] {
        guard let path = config ?? ProcessInfo.processInfo.environment["KMIP_CONFIG"] else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandError("cannot read the config file \(path)") }
        var values: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw CommandError("\(path) line \(number + 1): expected name = value") }
            values[parts[0].lowercased()] = parts[1]
        }
        return values
    }

    /// A client built from the settings.
    func makeClient() throws -> KMIPClient {
        try KMIPClient(configuration: try clientConfiguration())
    }

    /// The client settings: flags, then KMIP_* variables, then the config file.
    func clientConfiguration() throws -> KMIPClientConfiguration {
        let file = try configFile()
        let host = setting(host, "host", file: file) ?? "127.0.0.1"
        let portText = port.map(String.init) ?? setting(nil, "port", file: file) ?? "5696"
        guard let port = Int(portText), (1...65_535).contains(port) else { throw CommandError("the port must be 1 to 65535, not '\(portText)'") }
        let cert = setting(cert, "cert", file: file)
        let key = setting(key, "key", file: file)
        guard (cert == nil) == (key == nil) else { throw CommandError("give both --cert and --key, or neither") }
        let ca = setting(ca, "ca", file: file)
        var tls = TLSConfiguration.client(
            trustRoots: ca.map { .file($0) } ?? .system, certificateChain: cert.map { .file($0) }, privateKey: key.map { .file($0) },
            passphrase: ProcessInfo.processInfo.environment["KMIP_KEY_PASSPHRASE"])
        if tls12 || setting(nil, "tls12", file: file) == "true" { tls.minimumVersion = .v1_2 }
        var configuration = KMIPClientConfiguration(host: host, port: port, tls: tls)
        configuration.serverName = setting(serverName, "server-name", file: file)
        if let text = setting(kmipVersion, "version", file: file) {
            guard let version = KMIPVersion(text), KMIPVersion.all.contains(version) else {
                throw CommandError("unknown KMIP version '\(text)'; use one of \(KMIPVersion.all.map(\.description).joined(separator: ", "))")
            }
            configuration.version = version
        }
        guard timeout > 0 else { throw CommandError("--timeout must be positive") }
        configuration.requestTimeout = .milliseconds(Int64(timeout * 1000))
        configuration.httpsPath = try setting(httpsPath, "https-path", file: file).map(Self.checkHTTPSPath)
        if let username = setting(username, "username", file: file) {
            configuration.credentials = [.usernameAndPassword(username, password: ProcessInfo.processInfo.environment["KMIP_PASSWORD"])]
        }
        return configuration
    }
}

/// The server settings of `ServerOptions` and `--json` output, for the client commands.
struct ConnectionOptions: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// The `--host` flag, if given.
    var host: String? { server.host }

    /// A client built from the settings.
    func makeClient() throws -> KMIPClient {
        try server.makeClient()
    }

    /// Runs `body` with a client, then shuts it down.
    func withClient<T>(_ body: (KMIPClient) async throws -> T) async throws -> T {
        let client = try makeClient()
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Prints `value` as JSON, or `text` otherwise.
    func output(_ text: String, json value: Any) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(text)
        }
    }
}
