import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Attributes the server derives from a new object: Digest (KMIP 2.1 section 4.21), Key Format
/// Type (section 4.26: the format Get gives when the client names none), Fresh (section 4.24),
/// Short Unique Identifier (section 4.56, SHA-256 of the Unique Identifier), Lease Time
/// (section 4.32, the lease Obtain Lease gives), Sensitive and Extractable with their creation
/// records, Original Creation Date (section 4.38, unless the client gave one), Protection
/// Storage Mask (section 4.44) and, for
/// keys the server generated, Random Number Generator (section 4.46).
enum DerivedAttributes {
    /// The attributes to add to `object` when a request of `version` stores it.
    static func of(_ object: StoredObject, generated: Bool, now: DateTime, version: KMIPVersion) throws -> [Attribute] {
        var derived: [Attribute] = []
        // The key in its Table 81 default format, converted once for the Digest and the Key Format Type.
        let inDefaultFormat = defaultForm(of: object)
        // Digests: from 2.0 of the default format (2.1 section 4.21) and, first, of a registered
        // key's own format where it differs (section 4.26, TC-IMPEXP-4); in 1.1 to 1.4 of a
        // registered key's own format only (1.4 section 3.17, TC-181, TC-182).
        var digested = generated ? [inDefaultFormat] : version < .v2_0 ? [object.object] : [object.object, inDefaultFormat]
        if digested.count == 2, digested[0].keyBlock?.keyFormatType == digested[1].keyBlock?.keyFormatType { digested.removeLast() }
        derived += digested.compactMap { digest(of: object, in: $0) }
        if case .certificate(let certificate) = object.object {
            derived.append(try Attribute(.certificateType, certificate.certificateType))
            derived.append(try Attribute(.keyFormatType, KeyFormatType.raw))
            if certificate.certificateType == .x_509 { derived += try CertificateAttributes.of(certificate.certificateValue) }
        }
        // The format Get gives by default: a generated key's Table 81 default, a registered
        // key's own.
        if let block = (generated ? inDefaultFormat : object.object).keyBlock {
            derived.append(try Attribute(.keyFormatType, block.keyFormatType))
            // Registered without its Key Value: Key Value Present false (2.1 section 4.28).
            if block.keyValue == nil { derived.append(keyValueAbsent) }
        }
        derived.append(fresh)
        derived.append(Attribute(.standard(.shortUniqueIdentifier), value: .byteString(try Digest.hash(Array(object.uniqueIdentifier.utf8), algorithm: .sha256))))
        if object.object.keyBlock != nil || object.objectType == .certificate {
            derived.append(leaseTime)
            // Sensitive and Extractable (2.1 sections 4.49, 4.23) with their defaults, and what
            // they were at creation (Always Sensitive 4.4, Never Extractable 4.37).
            let sensitive = try object.attributes.value(.sensitive, as: Bool.self) ?? false
            let extractable = try object.attributes.value(.extractable, as: Bool.self) ?? true
            derived += [notSensitive, Attribute(.standard(.alwaysSensitive), value: .boolean(sensitive)),
                        isExtractable, Attribute(.standard(.neverExtractable), value: .boolean(!extractable))]
        }
        derived.append(try Attribute(.originalCreationDate, now))
        // Where the server keeps it (section 4.44): in software.
        derived.append(inSoftware)
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

    /// The object in the default format of Table 81 when the server can convert to it, else as
    /// stored.
    static func defaultForm(of object: StoredObject) -> ManagedObject {
        guard let block = object.object.keyBlock, let format = defaultFormat(object.objectType, algorithm: block.cryptographicAlgorithm) else {
            return object.object
        }
        return (try? KeyFormats.convert(object, to: format)) ?? object.object
    }

    /// SHA-256 of the key material of `form` (the object in the format to digest, which the
    /// Digest names), of the certificate value, or of the opaque data. None for a key whose
    /// material is wrapped.
    static func digest(of object: StoredObject, in form: ManagedObject) -> Attribute? {
        let input: [UInt8]
        var format: KeyFormatType?
        switch object.object {
        case .certificate(let certificate):
            // The certificate's bytes as they are: Raw (2.0 section 4.26: every object has a
            // Key Format Type; TC-CERTATTR-1).
            input = certificate.certificateValue
            format = .raw
        case .opaqueObject(let opaque):
            input = opaque.opaqueDataValue
        default:
            guard let converted = form.keyBlock, let material = converted.keyMaterial else { return nil }
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

    // The derived attributes whose values never change, made once.
    static let fresh = Attribute(.standard(.fresh), value: .boolean(true))
    static let leaseTime = Attribute(.standard(.leaseTime), value: .interval(StorageOperations.leaseTime.seconds))
    static let notSensitive = Attribute(.standard(.sensitive), value: .boolean(false))
    static let keyValueAbsent = Attribute(.standard(.keyValuePresent), value: .boolean(false))
    static let isExtractable = Attribute(.standard(.extractable), value: .boolean(true))
    static let inSoftware = Attribute(.standard(.protectionStorageMask), value: .integer(Int32(bitPattern: ProtectionStorageMask.software.rawValue)))

    /// OpenSSL's default generator: a CTR_DRBG over AES-256 (NIST SP 800-90A).
    static let randomNumberGenerator = Attribute(.standard(.randomNumberGenerator), value: .structure([
        TTLVItem(tag: .rngAlgorithm, .enumeration(RNGAlgorithm.drbg.rawValue)),
        TTLVItem(tag: .cryptographicAlgorithm, .enumeration(CryptographicAlgorithm.aes.rawValue)),
        TTLVItem(tag: .cryptographicLength, .integer(256)),
        TTLVItem(tag: .drbgAlgorithm, .enumeration(DRBGAlgorithm.ctr.rawValue)),
    ]))
}

extension OperationContext {
    /// Stores `object`, which the server made for the client: a new identifier, the requested
    /// attributes (their Names checked unique) with the server's, then `extra` (links).
    func insertNew(_ object: ManagedObject, requested: Attributes, extra: [Attribute] = [], generated: Bool) async throws -> String {
        let identifier = await store.newIdentifier()
        try await requireUniqueNames(requested.list)
        var attributes = try ServerAttributes.initial(requested, identifier: identifier, objectType: object.objectType, context: self)
        attributes.list += extra
        try await insertNew(StoredObject(uniqueIdentifier: identifier, objectType: object.objectType, object: object, attributes: attributes, owner: client),
                            generated: generated)
        return identifier
    }

    /// Stores a new object with the attributes the server derives from it; `generated` for keys
    /// the server made (Create, Create Key Pair, Re-key), which carry a Random Number Generator.
    func insertNew(_ object: StoredObject, generated: Bool) async throws {
        var object = object
        object.attributes = try await applyingTemplates(object.attributes)
        if version < .v2_0 { object.attributes.numberInstances() }
        object.attributes.list += try DerivedAttributes.of(object, generated: generated, now: now, version: version)
        try await store.insert(object)
    }

    /// `attributes` with those of each KMIP 1.x Template it names (by its Name), merged as 1.2
    /// section 3 says: of single-instance attributes the request's value wins, else the last
    /// template's; multi-instance ones are the union, the templates' first (TC-312).
    func applyingTemplates(_ attributes: Attributes) async throws -> Attributes {
        guard !attributes.templateNames.isEmpty else { return attributes }
        var fromTemplates: [Attribute] = []
        for name in attributes.templateNames {
            let named = if case .textString(let value)? = name[.nameValue]?.value { try await store.objects(named: value, ownedBy: client) } else { [StoredObject]() }
            guard let template = named.first(where: { $0.objectType == .template && $0.attributes.all(.name).contains { $0.value == name.value } }),
                  case .template(let content) = template.object else {
                throw OperationError(.itemNotFound, "no template named \(name[.nameValue].map { "\($0.value)" } ?? "?")")
            }
            for attribute in content.attributes.list where !fromTemplates.contains(attribute) {
                if !ServerAttributes.isMultiInstance(attribute.name) { fromTemplates.removeAll { $0.name == attribute.name } }
                fromTemplates.append(attribute)
            }
        }
        let kept = fromTemplates.filter { attribute in
            ServerAttributes.isMultiInstance(attribute.name) ? !attributes.list.contains(attribute) : !attributes.list.contains { $0.name == attribute.name }
        }
        return Attributes(kept + attributes.list)
    }
}
