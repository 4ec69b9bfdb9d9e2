import ArgumentParser
import Foundation
import KMIP
import KMIPClient
import KMIPSpec
import TTLV

extension KMIPCommand {
    /// `kmip create-key-pair`.
    struct CreateKeyPairCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-key-pair", abstract: "Create an RSA or EC key pair; prints the private and public key identifiers.",
            discussion: "Examples:\n  kmip create-key-pair --algorithm RSA --length 3072\n  kmip create-key-pair --algorithm EC --curve P_256 --name signer")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "RSA or EC.") var algorithm = "RSA"
        @Option(help: "Length in bits (RSA: 1024 to 4096; EC: the curve's).") var length: Int32?
        @Option(help: "Recommended Curve for EC (P_256, P_384, P_521).") var curve: String?
        @Option(help: "Name attribute (suffixed -private and -public).") var name: String?

        func run() async throws {
            let algorithm = CryptographicAlgorithm(rawValue: try parseNames(algorithm, set: "CryptographicAlgorithm")[0])
            let curve = try curve.map { RecommendedCurve(rawValue: try parseNames($0, set: "RecommendedCurve")[0]) }
            let bits = length ?? (algorithm == .rsa ? 2048 : [RecommendedCurve.p_384: 384, .p_521: 521][curve ?? .p_256] ?? 256)
            let (privateKey, publicKey) = try await connection.withClient {
                try await $0.createKeyPair(algorithm: algorithm, length: bits, name: name, curve: curve ?? (algorithm == .rsa ? nil : .p_256))
            }
            try connection.output("private key: \(privateKey)\npublic key: \(publicKey)", json: ["privateKey": privateKey, "publicKey": publicKey])
        }
    }

    /// `kmip register`: a symmetric key from a file.
    struct RegisterCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register", abstract: "Register a symmetric key (raw bytes) or a PKCS#12 container read from a file; prints its identifier.",
            discussion: """
                With --pkcs12 the file is a PKCS#12 container (KMIP 2.0 and later): its password, \
                from KMIP_PKCS12_PASSWORD, is registered as Secret Data and linked, and the \
                server stores the private key and the certificates in it; prints the key's \
                identifier.

                Examples:
                  kmip register --in key.bin --algorithm AES --usage Encrypt,Decrypt --name imported
                  KMIP_PKCS12_PASSWORD=... kmip register --pkcs12 --in bundle.p12 --name web-server
                """)
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "File with the key bytes, or - for standard input.") var `in`: String
        @Flag(help: "The file is a PKCS#12 container; its password from env KMIP_PKCS12_PASSWORD.") var pkcs12 = false
        @Option(help: "Cryptographic Algorithm (raw keys).") var algorithm = "AES"
        @Option(help: "Cryptographic Usage Mask bits, comma-separated (raw keys).") var usage = "Encrypt,Decrypt"
        @Option(help: "A Name attribute.") var name: String?

        func run() async throws {
            let bytes = try readInput(`in`)
            guard !bytes.isEmpty else { throw CommandError("the key file is empty") }
            if pkcs12 {
                guard let password = ProcessInfo.processInfo.environment["KMIP_PKCS12_PASSWORD"] else {
                    throw CommandError("set KMIP_PKCS12_PASSWORD to the container's password")
                }
                let (key, secret) = try await connection.withClient { try await $0.register(pkcs12: bytes, password: Array(password.utf8), name: name) }
                try connection.output(key, json: ["uniqueIdentifier": key, "passwordIdentifier": secret])
                return
            }
            let algorithm = CryptographicAlgorithm(rawValue: try parseNames(algorithm, set: "CryptographicAlgorithm")[0])
            let usage = CryptographicUsageMask(rawValue: try parseNames(usage, set: "CryptographicUsageMask").reduce(0, |))
            let identifier = try await connection.withClient { try await $0.register(symmetricKey: bytes, algorithm: algorithm, usage: usage, name: name) }
            try connection.output(identifier, json: ["uniqueIdentifier": identifier])
        }
    }

    /// Hashing and padding options for signatures.
    struct SignatureOptions: ParsableArguments {
        @Option(help: "Hashing Algorithm (SHA_256, SHA_384, SHA_512, ...).") var hash = "SHA_256"
        @Option(help: "Padding Method for RSA (PKCS1_V1_5 or PSS).") var padding: String?

        func parameters() throws -> CryptographicParameters {
            CryptographicParameters(
                paddingMethod: try padding.map { PaddingMethod(rawValue: try parseNames($0, set: "PaddingMethod")[0]) },
                hashingAlgorithm: HashingAlgorithm(rawValue: try parseNames(hash, set: "HashingAlgorithm")[0]))
        }
    }

    /// `kmip sign`.
    struct SignCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign", abstract: "Sign a file or standard input with a private key; prints the signature in hex.",
            discussion: "Example: kmip sign PRIVATE-ID --in document.pdf --padding PSS")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var signature: SignatureOptions
        @Argument(help: "Unique identifier of the private key.") var identifier: String
        @Option(help: "Input file, or - for standard input.") var `in` = "-"

        func run() async throws {
            let data = try readInput(`in`)
            let parameters = try signature.parameters()
            let signed = try await connection.withClient { try await $0.sign(identifier, data: data, parameters: parameters) }
            try connection.output(hexString(signed), json: ["signature": hexString(signed)])
        }
    }

    /// `kmip verify`.
    struct VerifyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Verify a signature with a public key; exits 1 when it is invalid.",
            discussion: "Example: kmip verify PUBLIC-ID --in document.pdf --signature 3045... --padding PSS")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var signatureOptions: SignatureOptions
        @Argument(help: "Unique identifier of the public key.") var identifier: String
        @Option(help: "Input file, or - for standard input.") var `in` = "-"
        @Option(help: "The signature, hex.") var signature: String

        func run() async throws {
            let data = try readInput(`in`)
            let signatureBytes = try parseHex(signature, what: "--signature")
            let parameters = try signatureOptions.parameters()
            let valid = try await connection.withClient { try await $0.signatureVerify(identifier, data: data, signature: signatureBytes, parameters: parameters) }
            try connection.output(valid ? "valid" : "invalid", json: ["valid": valid])
            if !valid { throw ExitCode(1) }
        }
    }

    /// `kmip mac`.
    struct MACCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mac", abstract: "MAC a file or standard input with an HMAC key; prints the MAC in hex.",
            discussion: "Example: kmip mac KEY-ID --in message.txt")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier of the key.") var identifier: String
        @Option(help: "Input file, or - for standard input.") var `in` = "-"

        func run() async throws {
            let data = try readInput(`in`)
            let mac = try await connection.withClient { try await $0.mac(identifier, data: data) }
            try connection.output(hexString(mac), json: ["mac": hexString(mac)])
        }
    }
}
