import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Attributes the server derives from a new object: Digest (KMIP 2.1 section 4.21), Fresh
/// (section 4.24), Original Creation Date (section 4.38, unless the client gave one) and, for
/// keys the server generated, Random Number Generator (section 4.46).
enum DerivedAttributes {
    /// The attributes to add to `object` when it is stored.
    static func of(_ object: StoredObject, generated: Bool, now: DateTime) throws -> [Attribute] {
        var derived: [Attribute] = []
        if let digest = digest(of: object) { derived.append(digest) }
        derived.append(try Attribute(.fresh, true))
        derived.append(try Attribute(.originalCreationDate, now))
        if generated { derived.append(randomNumberGenerator) }
        return derived.filter { attribute in !object.attributes.list.contains { $0.name == attribute.name } }
    }

    /// The Key Format Type a Digest is computed on by default (Table 81), or nil where the
    /// object type has no key format.
    static func defaultFormat(_ objectType: ObjectType, algorithm: CryptographicAlgorithm?) -> KeyFormatType? {
        let elliptic = algorithm == .ec || algorithm == .ecdsa
        switch objectType {
        case .symmetricKey, .secretData, .splitKey, .pgpKey: return .raw
        case .privateKey: return elliptic ? .transparentECPrivateKey : .pkcs_1
        case .publicKey: return elliptic ? .transparentECPublicKey : .pkcs_1
        default: return nil
        }
    }

    /// SHA-256 of the key material in the default Key Format Type (or, when the server cannot
    /// produce that format, in the format it holds, which the Digest then names), of the
    /// certificate value, or of the opaque data. None for a key whose material is wrapped.
    static func digest(of object: StoredObject) -> Attribute? {
        let input: [UInt8]
        var format: KeyFormatType?
        switch object.object {
        case .certificate(let certificate):
            input = certificate.certificateValue
        case .opaqueObject(let opaque):
            input = opaque.opaqueDataValue
        default:
            guard let block = object.object.keyBlock else { return nil }
            let wanted = defaultFormat(object.objectType, algorithm: block.cryptographicAlgorithm)
            let converted = wanted.flatMap { try? KeyFormats.convert(object, to: $0) }?.keyBlock ?? block
            guard let material = converted.keyMaterial else { return nil }
            format = converted.keyFormatType
            if case .bytes(let bytes) = material {
                input = bytes
            } else {
                // A structure is hashed as its TTLV encoding.
                guard let encoded = try? TTLVEncoder.encode(material.ttlv(.keyMaterial, version: .latest)) else { return nil }
                input = encoded
            }
        }
        guard let value = try? Digest.hash(input, algorithm: .sha256) else { return nil }
        var items = [
            TTLVItem(tag: .hashingAlgorithm, .enumeration(HashingAlgorithm.sha_256.rawValue)),
            TTLVItem(tag: .digestValue, .byteString(value)),
        ]
        if let format { items.append(TTLVItem(tag: .keyFormatType, .enumeration(format.rawValue))) }
        return Attribute(.standard(.digest), value: .structure(items))
    }

    /// OpenSSL's default generator: a CTR_DRBG over AES-256 (NIST SP 800-90A).
    static let randomNumberGenerator = Attribute(.standard(.randomNumberGenerator), value: .structure([
        TTLVItem(tag: .rngAlgorithm, .enumeration(RNGAlgorithm.drbg.rawValue)),
        TTLVItem(tag: .cryptographicAlgorithm, .enumeration(CryptographicAlgorithm.aes.rawValue)),
        TTLVItem(tag: .cryptographicLength, .integer(256)),
        TTLVItem(tag: .drbgAlgorithm, .enumeration(DRBGAlgorithm.ctr.rawValue)),
    ]))
}

extension OperationContext {
    /// Stores a new object with the attributes the server derives from it; `generated` for keys
    /// the server made (Create, Create Key Pair, Re-key), which carry a Random Number Generator.
    func insertNew(_ object: StoredObject, generated: Bool) async throws {
        var object = object
        object.attributes.list += try DerivedAttributes.of(object, generated: generated, now: now)
        try await store.insert(object)
    }
}
