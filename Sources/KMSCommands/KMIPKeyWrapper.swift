import KMIP
import KMIPClient
import KMIPCrypto
import KMIPSpec
import KMIPTLS

/// Wraps filesystem keys with KMIP Encrypt/Decrypt under an AES key on the KMIP server, in
/// AES-256-GCM with a server-made 96-bit IV, a 128-bit tag, and the filesystem name as
/// additional data. The stored blob is IV || tag || ciphertext (see SPEC-NOTES.md).
struct KMIPKeyWrapper: KeyWrapper {
    let client: KMIPClient
    let address: String
    /// The key new wrappings use.
    let keyIdentifier: String
    var scheme: WrappingScheme { .kmip }

    static let ivLength = 12
    static let tagLength = 16
    static let parameters = CryptographicParameters(
        blockCipherMode: .gcm, cryptographicAlgorithm: .aes, ivLength: Int32(ivLength), tagLength: Int32(tagLength))

    /// A wrapper for the configured KMIP server (mutual TLS with the stored certificates).
    init(_ configuration: KMSConfiguration, keyIdentifier: String? = nil) throws(KMSError) {
        let (host, port) = try KMSRules.kmipEndpoint(configuration.address)
        guard let certificate = configuration.clientCertificate, let key = configuration.clientKey else {
            throw KMSError("the KMIP configuration has no client certificate and key")
        }
        var tls = TLSConfiguration.client(
            trustRoots: configuration.caCertificate.map { .certificates($0) } ?? .system,
            certificateChain: .bytes(certificate), privateKey: .bytes(key))
        tls.minimumVersion = .v1_2
        var settings = KMIPClientConfiguration(host: host, port: port, tls: tls)
        settings.connectTimeout = .seconds(10)
        settings.requestTimeout = .seconds(30)
        settings.maximumConnections = 1
        do {
            client = try KMIPClient(configuration: settings)
        } catch {
            throw KMSError("the KMIP client settings do not load: \(error)")
        }
        address = configuration.address
        self.keyIdentifier = keyIdentifier ?? configuration.keyIdentifier
    }

    static func additionalData(_ filesystem: String) -> [UInt8] {
        Array("swift-kmip kms filesystem key:\(filesystem)".utf8)
    }

    func wrap(_ dataKey: SecretBytes, for filesystem: String) async throws(KMSError) -> Wrapping {
        let response: EncryptResponse
        do {
            response = try await client.encrypt(keyIdentifier, data: dataKey.bytes, parameters: Self.parameters, additionalData: Self.additionalData(filesystem))
        } catch {
            throw KMSError("KMIP Encrypt with key \(keyIdentifier) at \(address) failed: \(error)")
        }
        guard let iv = response.ivCounterNonce, iv.count == Self.ivLength, let tag = response.authenticatedEncryptionTag, tag.count == Self.tagLength,
              let ciphertext = response.data, ciphertext.count == dataKey.count else {
            throw KMSError("KMIP Encrypt with key \(keyIdentifier) at \(address) did not return a 12-byte IV, a 16-byte tag and the ciphertext")
        }
        return Wrapping(scheme: .kmip, keyIdentifier: keyIdentifier, blob: iv + tag + ciphertext)
    }

    func unwrap(_ wrapping: Wrapping, for filesystem: String) async throws(KMSError) -> SecretBytes {
        let blob = wrapping.blob
        guard wrapping.scheme == .kmip, blob.count > Self.ivLength + Self.tagLength else {
            throw KMSError("the wrapped key of '\(filesystem)' is not a KMIP wrapping")
        }
        let iv = Array(blob[..<Self.ivLength])
        let tag = Array(blob[Self.ivLength..<(Self.ivLength + Self.tagLength)])
        let ciphertext = Array(blob[(Self.ivLength + Self.tagLength)...])
        do {
            let plaintext = try await client.decrypt(
                wrapping.keyIdentifier, data: ciphertext, parameters: Self.parameters, iv: iv, additionalData: Self.additionalData(filesystem), tag: tag)
            return SecretBytes(plaintext)
        } catch {
            throw KMSError("KMIP Decrypt with key \(wrapping.keyIdentifier) at \(address) failed: \(error)")
        }
    }

    func close() async {
        await client.shutdown()
    }
}
