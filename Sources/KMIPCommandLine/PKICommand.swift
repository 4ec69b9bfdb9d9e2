import ArgumentParser
import Foundation
import KMIPTLS

/// `kmip pki`: throw-away certificates for mutual TLS.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Make test certificates for mutual TLS.",
        subcommands: [Init.self]
    )

    /// `kmip pki init DIR`.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a throw-away CA, a server certificate and a client certificate in DIR.",
            discussion: """
                Writes ca.pem and ca-key.pem (the CA), server.pem and server-key.pem (for \
                localhost and 127.0.0.1, plus any --host), and client.pem and client-key.pem \
                (common name kmip-client). Keys are EC P-256, written with mode 0600. \
                Existing files are kept unless --force is given.

                Example:
                  kmip pki init ./pki
                  openssl verify -CAfile ./pki/ca.pem ./pki/server.pem ./pki/client.pem
                """
        )

        @Argument(help: "The folder to write the certificates to (created if missing).")
        var directory: String

        @Option(name: .customLong("host"), help: "Another DNS name or IP address for the server certificate (repeatable).")
        var hosts: [String] = []

        @Option(help: "The client certificate's common name.")
        var clientName = "kmip-client"

        @Option(help: "Days the certificates stay valid.")
        var days = 825

        @Flag(help: "Replace existing files.")
        var force = false

        func validate() throws {
            guard (1...36_500).contains(days) else { throw ValidationError("--days must be between 1 and 36500") }
        }

        func run() throws {
            let files = PKIFiles(directory: directory)
            if !force, let existing = files.all.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                throw CommandError("\(existing) exists; use --force to replace the certificates in \(directory)")
            }
            let ips = ["127.0.0.1"] + hosts.filter { $0.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } }
            let dns = ["localhost"] + hosts.filter { !ips.contains($0) }
            let ca = try PKI.makeCA(commonName: "swift-kmip test CA", validDays: days)
            let server = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: dns, ipAddresses: ips, signedBy: ca, validDays: days)
            let client = try PKI.issue(commonName: clientName, usage: .client, signedBy: ca, validDays: days)
            try files.write(ca: ca, server: server, client: client)
            print("""
                Wrote a test PKI to \(directory):
                  CA:     \(files.caCertificate)
                  server: \(files.serverCertificate), \(files.serverKey) (\((dns + ips).joined(separator: ", ")))
                  client: \(files.clientCertificate), \(files.clientKey) (CN=\(clientName))
                These are for testing only: anyone with ca-key.pem can mint trusted certificates.
                """)
        }
    }
}

/// The file layout of a test PKI folder.
struct PKIFiles {
    let directory: String
    var caCertificate: String { path("ca.pem") }
    var caKey: String { path("ca-key.pem") }
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server-key.pem") }
    var clientCertificate: String { path("client.pem") }
    var clientKey: String { path("client-key.pem") }
    var all: [String] { [caCertificate, caKey, serverCertificate, serverKey, clientCertificate, clientKey] }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Makes a test PKI here (server certificate for localhost and 127.0.0.1) unless one
    /// exists; returns whether it made one.
    func makeTestPKIIfMissing() throws -> Bool {
        guard !FileManager.default.fileExists(atPath: serverCertificate) else { return false }
        let authority = try PKI.makeCA(commonName: "swift-kmip test CA")
        let server = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: authority)
        let client = try PKI.issue(commonName: "kmip-client", usage: .client, signedBy: authority)
        try write(ca: authority, server: server, client: client)
        return true
    }

    func write(ca: Credentials, server: Credentials, client: Credentials) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let contents: [(String, [UInt8], Int)] = [
            (caCertificate, ca.certificatePEM, 0o644), (caKey, ca.privateKeyPEM, 0o600),
            (serverCertificate, server.certificatePEM, 0o644), (serverKey, server.privateKeyPEM, 0o600),
            (clientCertificate, client.certificatePEM, 0o644), (clientKey, client.privateKeyPEM, 0o600),
        ]
        for (path, bytes, mode) in contents {
            try? FileManager.default.removeItem(atPath: path)
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: mode]) else {
                throw CommandError("cannot write \(path)")
            }
        }
    }
}
