import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Derive Key (1.4 4.6, 2.1 6.1.14): a Symmetric Key or Secret Data computed from objects the
/// client owns that allow Derive Key, with PBKDF2 (the object is the password; SHA-1 unless a
/// Hashing Algorithm is given), HASH (of the Derivation Data, else of the key), HMAC (over the
/// Derivation Data, with the hash of an HMAC key or the one given), ENCRYPT (the Derivation Data
/// under the key), HKDF (SHA-256 unless told; Salt, and the Derivation Data as the info) or
/// Asymmetric Key (ECDH of a private key and a public key). Otherwise a second object, Secret
/// Data, may give the Derivation Data instead. The new object links to its bases (Derivation
/// Base Object) and they to it (Derived Key).
enum DeriveKeyOperation {
    static var all: [Operation: OperationHandler] { [.deriveKey: deriveKey] }

    static let deriveKey: OperationHandler = { request, context in
        let derive = try StandardOperations.payload(request, as: DeriveKeyRequest.self)
        guard derive.objectType == .symmetricKey || derive.objectType == .secretData else {
            throw OperationError(.invalidObjectType, "Derive Key makes symmetric keys and secret data, not \(derive.objectType)")
        }
        guard !derive.uniqueIdentifiers.isEmpty else { throw OperationError.missing("Unique Identifier") }
        var sources: [StoredObject] = []
        for identifier in derive.uniqueIdentifiers {
            let source = try await context.object(identifier)
            try source.requireUsable(for: .deriveKey, operation: "Derive Key", context: context)
            sources.append(source)
        }
        guard let bits = try derive.attributes.cryptographicLength else { throw OperationError.missing("Cryptographic Length") }
        guard bits > 0, bits % 8 == 0, Int(bits) / 8 <= KeyDerivation.maxLength else {
            throw OperationError(.invalidField, "a derived object is whole bytes, 8 to \(KeyDerivation.maxLength * 8) bits, not \(bits)")
        }
        let algorithm = try derive.attributes.cryptographicAlgorithm
        if derive.objectType == .symmetricKey {
            guard let algorithm else { throw OperationError.missing("Cryptographic Algorithm") }
            if let lengths = StandardOperations.generatedKeyLengths[algorithm], !lengths.contains(bits) {
                throw OperationError(.invalidField, "\(algorithm) keys are \(lengths.sorted().map(String.init).joined(separator: ", ")) bits, not \(bits)")
            }
        }
        let derived: SecretBytes
        if derive.derivationMethod == .asymmetricKey {
            derived = try agreedBytes(derive, sources: sources, length: Int(bits) / 8)
        } else {
            let key = try KeyFormats.symmetricBytes(sources[0])
            var data = derive.derivationParameters.derivationData.flatMap { $0 }
            if sources.count > 1 {
                guard data.isEmpty else { throw OperationError(.invalidField, "give the Derivation Data or a Secret Data object that holds it, not both") }
                guard sources[1].objectType == .secretData else { throw OperationError(.invalidObjectType, "a second object gives the Derivation Data: it must be Secret Data") }
                data = try KeyFormats.symmetricBytes(sources[1]).withUnsafeBytes { Array($0) }
            }
            derived = try derivedBytes(derive, key: key, keyAlgorithm: sources[0].object.keyBlock?.cryptographicAlgorithm, data: data, length: Int(bits) / 8)
        }

        let material = derived.withUnsafeBytes { Array($0) }
        let object: ManagedObject = derive.objectType == .symmetricKey
            ? .symmetricKey(SymmetricKey(keyBlock: KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(material), cryptographicAlgorithm: algorithm, cryptographicLength: bits)))
            : .secretData(SecretData(secretDataType: .seed, keyBlock: KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(material))))
        let identifier = try await context.insertNew(object, requested: derive.attributes,
                                                     extra: sources.map { Attribute.link(.derivationBaseObjectLink, to: $0.uniqueIdentifier) }, generated: false)
        for var source in sources {
            source.attributes.list.append(Attribute.link(.derivedKeyLink, to: identifier))
            try source.touch(context)
            try await context.store.update(source)
        }
        return DeriveKeyResponse(uniqueIdentifier: identifier)
    }

    /// The most PBKDF2 iterations one request may ask for.
    static let maxIterations: Int32 = 100_000

    /// `length` bytes from the request's derivation method.
    static func derivedBytes(_ derive: DeriveKeyRequest, key: SecretBytes, keyAlgorithm: CryptographicAlgorithm?, data: [UInt8], length: Int) throws -> SecretBytes {
        let parameters = derive.derivationParameters
        let hash = try parameters.cryptographicParameters?.hashingAlgorithm.map { (hash) throws(OperationError) in try CryptoOperations.digest(hash) }
        do {
            switch derive.derivationMethod {
            case .pbkdf2:
                guard let salt = parameters.salt, let iterations = parameters.iterationCount else { throw OperationError.missing("Salt and Iteration Count (PBKDF2)") }
                // The derivation runs on the connection's event loop: bounded, so one request
                // cannot hold it for long (100,000 iterations of SHA-1 take about 50 ms here).
                guard (1...maxIterations).contains(iterations) else {
                    throw OperationError(.invalidField, "PBKDF2 takes 1 to \(maxIterations) iterations here, not \(iterations)")
                }
                return try KeyDerivation.pbkdf2(password: key, salt: salt, iterations: Int(iterations), digest: hash ?? .sha1, length: length)
            case .hkdf:
                return try KeyDerivation.hkdf(key: key, salt: parameters.salt ?? [], info: data, digest: hash ?? .sha256, length: length)
            case .hash:
                guard let hash else { throw OperationError.missing("Hashing Algorithm (HASH derivation)") }
                let input = data.isEmpty ? key.withUnsafeBytes { Array($0) } : data
                return try prefix(Digest.hash(input, algorithm: hash), length, "SHA")
            case .hmac:
                let digest: Digest.Algorithm
                if let keyAlgorithm, let keyed = try? CryptoOperations.hmacDigest(keyAlgorithm) {
                    digest = keyed
                } else if let hash {
                    digest = hash
                } else {
                    throw OperationError.missing("Hashing Algorithm (HMAC derivation with a key that names none)")
                }
                guard !data.isEmpty else { throw OperationError.missing("Derivation Data") }
                return try prefix(HMAC.authenticate(data, key: key, digest: digest), length, "HMAC")
            case .encrypt:
                guard !data.isEmpty else { throw OperationError.missing("Derivation Data") }
                let cipher = try CryptoOperations.Cipher(parameters.cryptographicParameters ?? CryptographicParameters(), keyAlgorithm: keyAlgorithm ?? .aes)
                let (ciphertext, _) = try SymmetricCipher.encrypt(data, key: key, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                                                  iv: parameters.initializationVector)
                return try prefix(ciphertext, length, "the encryption")
            default:
                throw OperationError(.featureNotSupported, "derivation method \(derive.derivationMethod) is not supported (PBKDF2, HASH, HMAC, ENCRYPT, HKDF, Asymmetric Key are)")
            }
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
    }

    /// Asymmetric Key derivation: ECDH of a private key and the other party's public key (the
    /// two objects, in either order), the first `length` bytes of the shared secret.
    static func agreedBytes(_ derive: DeriveKeyRequest, sources: [StoredObject], length: Int) throws -> SecretBytes {
        if let algorithm = derive.derivationParameters.cryptographicParameters?.cryptographicAlgorithm, algorithm != .ecdh {
            throw OperationError(.featureNotSupported, "Asymmetric Key derivation is ECDH here, not \(algorithm)")
        }
        guard sources.count == 2, let privateKey = sources.first(where: { $0.objectType == .privateKey }),
              let publicKey = sources.first(where: { $0.objectType == .publicKey }) else {
            throw OperationError(.invalidObjectType, "Asymmetric Key derivation takes a private key and the other party's public key")
        }
        do {
            let secret = try KeyAgreement.ecdh(privateKeyDER: try KeyFormats.privateDER(privateKey), peerPublicKeyDER: try KeyFormats.publicDER(publicKey))
            return try prefix(secret.bytes, length, "ECDH")
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
    }

    /// The first `length` bytes of `output`; more than it holds is an error (2.1 6.1.14).
    private static func prefix(_ output: [UInt8], _ length: Int, _ method: String) throws(OperationError) -> SecretBytes {
        guard length <= output.count else {
            throw OperationError(.invalidField, "\(method) gives \(output.count * 8) bits; \(length * 8) were asked")
        }
        return SecretBytes(Array(output.prefix(length)))
    }
}
