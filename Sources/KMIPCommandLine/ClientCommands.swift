import ArgumentParser
import Foundation
import KMIP
import KMIPClient
import KMIPSpec
import TTLV
import TTLVText

/// Parses a list of names of a KMIP enumeration or mask (`AES`, `Encrypt,Decrypt`).
func parseNames(_ text: String, set name: String) throws -> [UInt32] {
    guard let set = SpecTable.valueSet(named: name) else { throw CommandError("no \(name) in the spec table") }
    return try text.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == " " }).map { part in
        // Case, spaces and punctuation aside: "pkcs12" is PKCS_12 (PKCS#12).
        func key(_ name: some StringProtocol) -> String { String(name.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let wanted = key(part)
        guard let value = set.values.first(where: { key($0.name) == wanted || key($0.specName) == wanted }) else {
            throw CommandError("'\(part)' is not a \(set.specName); try one of \(set.values.prefix(12).map(\.name).joined(separator: ", "))")
        }
        return value.value
    }
}


func parseHex(_ text: String, what: String) throws -> [UInt8] {
    guard let bytes = hexBytes(text.utf8.filter { $0 != UInt8(ascii: " ") }) else { throw CommandError("\(what) must be hex") }
    return bytes
}

extension KMIPCommand {
    /// `kmip versions`: Discover Versions.
    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask the server which KMIP versions it supports.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let versions = try await connection.withClient { try await $0.discoverVersions() }
            try connection.output(versions.map(\.description).joined(separator: "\n"), json: ["versions": versions.map(\.description)])
        }
    }

    /// `kmip query`.
    struct QueryCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "query", abstract: "Ask the server which operations and object types it supports.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let response = try await connection.withClient { try await $0.query() }
            let operations = response.operations.map(\.description)
            let objects = response.objectTypes.map(\.description)
            try connection.output(
                "operations: \(operations.joined(separator: ", "))\nobject types: \(objects.joined(separator: ", "))"
                    + (response.vendorIdentification.map { "\nvendor: \($0)" } ?? ""),
                json: ["operations": operations, "objectTypes": objects, "vendor": response.vendorIdentification ?? ""])
        }
    }

    /// `kmip create`: a symmetric key.
    struct CreateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a symmetric key on the server; prints its unique identifier.",
            discussion: "Example: kmip create --algorithm AES --length 256 --usage Encrypt,Decrypt --name backup-key")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Cryptographic Algorithm (AES, DES3, HMAC_SHA256, ...).") var algorithm = "AES"
        @Option(help: "Length in bits.") var length: Int32 = 256
        @Option(help: "Cryptographic Usage Mask bits, comma-separated.") var usage = "Encrypt,Decrypt"
        @Option(help: "A Name attribute.") var name: String?

        func run() async throws {
            let algorithm = CryptographicAlgorithm(rawValue: try parseNames(algorithm, set: "CryptographicAlgorithm")[0])
            let usage = CryptographicUsageMask(rawValue: try parseNames(usage, set: "CryptographicUsageMask").reduce(0, |))
            let identifier = try await connection.withClient { try await $0.create(symmetricKey: algorithm, length: length, usage: usage, name: name) }
            try connection.output(identifier, json: ["uniqueIdentifier": identifier])
        }
    }

    /// `kmip get`.
    struct GetCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Get an object; key material only with --show-key or --out.",
            discussion: """
                --out writes a key's material as the server gives it (in --format, if given), or a \
                certificate's DER, or opaque data.

                Examples:
                  kmip get 3f0c... --out key.bin
                  kmip get 7a21... --format pkcs8 --out private-key.der
                  kmip get 7a21... --format pkcs12 --out bundle.p12   # password: the key's PKCS#12 Password Link
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier.") var identifier: String
        @Option(help: "Key Format Type to get a key in: Raw, PKCS8, PKCS1, X509, PKCS12, ECPrivateKey, TransparentSymmetricKey, ... (default: the key's own).") var format: String?
        @Flag(help: "Print the key material in hex.") var showKey = false
        @Option(help: "Write the key material, certificate or opaque data to this file (mode 0600).") var out: String?

        func run() async throws {
            let keyFormat = try format.map { KeyFormatType(rawValue: try parseNames($0, set: "KeyFormatType")[0]) }
            let response = try await connection.withClient { try await $0.get(identifier, format: keyFormat) }
            var material: [UInt8]?
            switch response.object {
            case .certificate(let certificate): material = certificate.certificateValue
            case .opaqueObject(let opaque): material = opaque.opaqueDataValue
            default: if case .bytes(let bytes)? = response.object.keyBlock?.keyMaterial { material = bytes }
            }
            if let out {
                guard let material else { throw CommandError("the object has no key material as bytes to write (a transparent or wrapped key; try --format)") }
                try writeFile(material, to: out, mode: 0o600)
            }
            let block = response.object.keyBlock
            var fields: [String: Any] = ["uniqueIdentifier": response.uniqueIdentifier, "objectType": response.objectType.description]
            var lines = ["unique identifier: \(response.uniqueIdentifier)", "object type: \(response.objectType)"]
            if let block {
                fields["keyFormatType"] = block.keyFormatType.description
                lines.append("key format: \(block.keyFormatType)")
                if let algorithm = block.cryptographicAlgorithm { fields["cryptographicAlgorithm"] = algorithm.description; lines.append("algorithm: \(algorithm)") }
                if let length = block.cryptographicLength { fields["cryptographicLength"] = Int(length); lines.append("length: \(length)") }
            }
            if let material {
                let what = response.object.keyBlock == nil ? "value" : "key material"
                lines.append("\(what): " + (showKey ? hexString(material) : "\(material.count) bytes (use --show-key or --out)"))
                if showKey { fields["keyMaterial"] = hexString(material) }
            }
            try connection.output(lines.joined(separator: "\n"), json: fields)
        }
    }

    /// `kmip locate`.
    struct LocateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "locate", abstract: "Find objects by name, type and state; prints unique identifiers.",
            discussion: "Example: kmip locate --name backup-key --type SymmetricKey")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Name attribute.") var name: String?
        @Option(help: "Object Type (SymmetricKey, PrivateKey, ...).") var type: String?
        @Option(help: "State (Active, PreActive, ...).") var state: String?
        @Option(help: "Maximum Items.") var max: Int32?
        @Option(help: "Offset Items.") var offset: Int32?

        func run() async throws {
            let objectType = try type.map { ObjectType(rawValue: try parseNames($0, set: "ObjectType")[0]) }
            let state = try state.map { State(rawValue: try parseNames($0, set: "State")[0]) }
            let found = try await connection.withClient { try await $0.locate(name: name, objectType: objectType, state: state, maximumItems: max, offsetItems: offset) }
            try connection.output(found.joined(separator: "\n"), json: ["uniqueIdentifiers": found])
        }
    }

    /// `kmip attributes`.
    struct AttributesCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "attributes", abstract: "Show an object's attributes.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier.") var identifier: String

        func run() async throws {
            let attributes = try await connection.withClient { try await $0.getAttributes(identifier) }
            var lines: [String] = []
            var fields: [String: Any] = [:]
            for attribute in attributes.list {
                let text = TTLVTree.inline(TTLVItem(tag: attribute.name.valueTagForDisplay, attribute.value))
                lines.append("\(attribute.name): \(text)")
                fields[attribute.name.description] = text
            }
            try connection.output(lines.joined(separator: "\n"), json: fields)
        }
    }

    /// `kmip activate`, `kmip destroy`.
    struct ActivateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "activate", abstract: "Activate an object.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier.") var identifier: String
        func run() async throws {
            try await connection.withClient { try await $0.activate(identifier) }
            try connection.output("activated \(identifier)", json: ["uniqueIdentifier": identifier, "activated": true])
        }
    }

    struct RevokeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an object.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier.") var identifier: String
        @Option(help: "Revocation Reason Code (CessationOfOperation, KeyCompromise, Superseded, ...).") var reason = "CessationOfOperation"
        @Option(help: "Revocation Message.") var message: String?
        func run() async throws {
            let code = RevocationReasonCode(rawValue: try parseNames(reason, set: "RevocationReasonCode")[0])
            try await connection.withClient { try await $0.revoke(identifier, reason: code, message: message) }
            try connection.output("revoked \(identifier)", json: ["uniqueIdentifier": identifier, "revoked": true])
        }
    }

    struct DestroyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Destroy an object.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier.") var identifier: String
        func run() async throws {
            try await connection.withClient { try await $0.destroy(identifier) }
            try connection.output("destroyed \(identifier)", json: ["uniqueIdentifier": identifier, "destroyed": true])
        }
    }

    /// `kmip encrypt` / `kmip decrypt`.
    struct EncryptCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt", abstract: "Encrypt a file or standard input with a key on the server.",
            discussion: """
                Writes the ciphertext to --out (or standard output) and prints the IV (and tag) on \
                standard error, or everything as JSON with --json.
                Example: kmip encrypt 3f0c... --in secret.txt --out secret.enc
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier of the key.") var identifier: String
        @Option(help: "Input file, or - for standard input.") var `in` = "-"
        @Option(help: "Output file (default: standard output).") var out: String?
        @Option(help: "Block Cipher Mode (CBC, GCM, ...).") var mode = "CBC"
        @Option(help: "Padding Method for block modes.") var padding = "PKCS5"
        @Option(help: "Additional authenticated data, hex (GCM).") var aad: String?

        func run() async throws {
            let data = try readInput(`in`)
            let parameters = try cipherParameters(mode: mode, padding: padding, randomIV: true)
            let aadBytes = try aad.map { try parseHex($0, what: "--aad") }
            let response = try await connection.withClient { try await $0.encrypt(identifier, data: data, parameters: parameters, additionalData: aadBytes) }
            let ciphertext = response.data ?? []
            var fields: [String: Any] = ["uniqueIdentifier": identifier]
            if let iv = response.ivCounterNonce { fields["iv"] = hexString(iv) }
            if let tag = response.authenticatedEncryptionTag { fields["tag"] = hexString(tag) }
            if connection.json {
                fields["ciphertext"] = hexString(ciphertext)
                try connection.output("", json: fields)
            } else {
                try writeResult(ciphertext, to: out)
                let notes = [response.ivCounterNonce.map { "iv: \(hexString($0))" }, response.authenticatedEncryptionTag.map { "tag: \(hexString($0))" }].compactMap { $0 }
                if !notes.isEmpty { FileHandle.standardError.write(Data((notes.joined(separator: "\n") + "\n").utf8)) }
            }
        }
    }

    struct DecryptCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt", abstract: "Decrypt a file or standard input with a key on the server.",
            discussion: "Example: kmip decrypt 3f0c... --iv 00112233445566778899aabbccddeeff --in secret.enc")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Unique identifier of the key.") var identifier: String
        @Option(help: "Input file, or - for standard input.") var `in` = "-"
        @Option(help: "Output file (default: standard output).") var out: String?
        @Option(help: "IV/Counter/Nonce, hex.") var iv: String?
        @Option(help: "Authenticated Encryption Tag, hex (GCM).") var tag: String?
        @Option(help: "Additional authenticated data, hex (GCM).") var aad: String?
        @Option(help: "Block Cipher Mode.") var mode = "CBC"
        @Option(help: "Padding Method for block modes.") var padding = "PKCS5"

        func run() async throws {
            let data = try readInput(`in`)
            let parameters = try cipherParameters(mode: mode, padding: padding, randomIV: nil)
            let plaintext = try await connection.withClient {
                try await $0.decrypt(identifier, data: data, parameters: parameters, iv: try iv.map { try parseHex($0, what: "--iv") },
                                     additionalData: try aad.map { try parseHex($0, what: "--aad") }, tag: try tag.map { try parseHex($0, what: "--tag") })
            }
            if connection.json {
                try connection.output("", json: ["uniqueIdentifier": identifier, "plaintext": hexString(plaintext)])
            } else {
                try writeResult(plaintext, to: out)
            }
        }
    }

    /// `kmip rng`.
    struct RNGCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rng", abstract: "Random bytes from the server, in hex.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "How many bytes.") var count: Int32
        func run() async throws {
            let bytes = try await connection.withClient { try await $0.rng(count: count) }
            try connection.output(hexString(bytes), json: ["data": hexString(bytes)])
        }
    }
}

func cipherParameters(mode: String, padding: String, randomIV: Bool?) throws -> CryptographicParameters {
    let blockMode = BlockCipherMode(rawValue: try parseNames(mode, set: "BlockCipherMode")[0])
    let paddingMethod = blockMode == .gcm || blockMode == .ctr ? nil : PaddingMethod(rawValue: try parseNames(padding, set: "PaddingMethod")[0])
    return CryptographicParameters(blockCipherMode: blockMode, paddingMethod: paddingMethod, cryptographicAlgorithm: .aes, randomIV: randomIV)
}

func writeResult(_ bytes: [UInt8], to path: String?) throws {
    guard let path else {
        writeOutput(bytes)
        return
    }
    try writeFile(bytes, to: path, mode: 0o600)
}

/// Writes `bytes` to `path` in place, creating it with `mode` (an existing file keeps its
/// mode). In place, not through a temporary file renamed over the path: a device such as
/// /dev/stdout or /dev/null stays what it is.
func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    guard bytes.withUnsafeBytes({ writeAll($0, to: descriptor) }) else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))") }
}

/// Writes all of `bytes` to `descriptor`, again after an interruption; false on an error
/// (`errno` says which).
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
    var rest = bytes
    while !rest.isEmpty {
        let written = write(descriptor, rest.baseAddress, rest.count)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return false }
        rest = UnsafeRawBufferPointer(rebasing: rest[written...])
    }
    return true
}

extension Attribute.Name {
    /// The tag to show the value under.
    var valueTagForDisplay: Tag {
        if case .standard(let tag) = self { return tag }
        return .attributeValue
    }
}
