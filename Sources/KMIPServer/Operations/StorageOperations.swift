import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Archive, Recover, Obtain Lease, Re-key, Re-key Key Pair, Check, Get Usage Allocation and RNG Seed.
enum StorageOperations {
    static var all: [Operation: OperationHandler] {
        [.archive: archive, .recover: recover, .obtainLease: obtainLease, .reKey: reKey, .reKeyKeyPair: reKeyKeyPair, .rngSeed: rngSeed,
         .check: check, .getUsageAllocation: getUsageAllocation]
    }

    /// How long a lease from Obtain Lease lasts.
    static let leaseTime = Interval(seconds: 3600)

    static let archive: OperationHandler = { request, context in
        let archive = try StandardOperations.payload(request, as: ArchiveRequest.self)
        var object = try await context.object(archive.uniqueIdentifier)
        object.archived = true
        // When it went to archival storage (2.1 section 4.3; TC-101).
        try object.attributes.set(.archiveDate, context.now)
        try object.touch(context)
        try await context.store.update(object)
        return ArchiveResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    static let recover: OperationHandler = { request, context in
        let recover = try StandardOperations.payload(request, as: RecoverRequest.self)
        var object = try await context.object(recover.uniqueIdentifier)
        object.archived = false
        try object.touch(context)
        try await context.store.update(object)
        return RecoverResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    static let obtainLease: OperationHandler = { request, context in
        let lease = try StandardOperations.payload(request, as: ObtainLeaseRequest.self)
        let object = try await context.object(lease.uniqueIdentifier)
        // "A new lease is not permitted": Permission Denied (1.2 Table 307, 2.1 Table 270).
        guard object.state == .active else {
            throw OperationError(.permissionDenied, "object \(object.uniqueIdentifier) is \(object.state); leases are given for Active objects only")
        }
        let changed = try object.attributes.value(.lastChangeDate, as: DateTime.self) ?? context.now
        return ObtainLeaseResponse(uniqueIdentifier: object.uniqueIdentifier, leaseTime: leaseTime, lastChangeDate: changed)
    }

    /// Re-key (1.4 4.4, 2.1 6.1.46): a new key of the same algorithm and length that takes over
    /// the old one's attributes (Table 304): its names move over, the dates are copied (or, with
    /// an Offset, the Activation Date is now + Offset and the others keep their distance to it),
    /// Usage Limits start again from their Total, and what describes the old key alone (dates of
    /// its revocation, compromise and destruction, its digest, identifiers, links, freshness) is
    /// not carried. The request's attributes are added.
    static let reKey: OperationHandler = { request, context in
        let reKey = try StandardOperations.payload(request, as: ReKeyRequest.self)
        let old = try await context.object(reKey.uniqueIdentifier)
        guard old.objectType == .symmetricKey, let block = old.object.keyBlock,
              let algorithm = block.cryptographicAlgorithm, let length = block.cryptographicLength else {
            throw OperationError(.invalidObjectType, "Re-key replaces symmetric keys")
        }
        try requireNotDestroyed(old)
        let requested = reKey.attributes?.list ?? []
        try await context.requireUniqueNames(requested, replacingNamesOf: old.uniqueIdentifier)
        let identifier = await context.store.newIdentifier()
        var attributes = try ServerAttributes.initial(try carried(from: old, offset: reKey.offset, requested: requested, context: context),
                                                      identifier: identifier, objectType: .symmetricKey, context: context)
        attributes.list.append(Attribute.link(.replacedObjectLink, to: old.uniqueIdentifier))
        let material = try Keys.random(byteCount: StandardOperations.keyBytes(length, algorithm: algorithm))
        let newBlock = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(material), cryptographicAlgorithm: algorithm, cryptographicLength: length)
        try await context.insertNew(StoredObject(uniqueIdentifier: identifier, objectType: .symmetricKey,
                                                    object: .symmetricKey(SymmetricKey(keyBlock: newBlock)), attributes: attributes, owner: context.client), generated: true)
        try await retire(old, replacedBy: identifier, context: context)
        return ReKeyResponse(uniqueIdentifier: identifier)
    }

    /// Re-key Key Pair (1.2 section 4.5, 2.1 6.1.47): a new pair of the same algorithm and size
    /// (or curve) that takes over the old pair's attributes as Re-key does, each new key linked
    /// to the other and to the key it replaces. The old public key is found by the private
    /// key's Public Key Link.
    static let reKeyKeyPair: OperationHandler = { request, context in
        let reKey = try StandardOperations.payload(request, as: ReKeyKeyPairRequest.self)
        let oldPrivate = try await context.object(reKey.privateKeyUniqueIdentifier)
        guard oldPrivate.objectType == .privateKey, let algorithm = oldPrivate.object.keyBlock?.cryptographicAlgorithm else {
            throw OperationError(.invalidObjectType, "Re-key Key Pair replaces the pair of a private key")
        }
        try requireNotDestroyed(oldPrivate)
        let oldPublic = try await linkedObject(of: oldPrivate, type: .publicKeyLink, context: context)
        let common = try await context.applyingTemplates(reKey.commonAttributes ?? Attributes())
        let privateRequested = try await context.applyingTemplates(reKey.privateKeyAttributes ?? Attributes()).list + common.list
        let publicRequested = try await context.applyingTemplates(reKey.publicKeyAttributes ?? Attributes()).list + common.list
        try await context.requireUniqueNames(privateRequested, replacingNamesOf: oldPrivate.uniqueIdentifier)
        try await context.requireUniqueNames(publicRequested, replacingNamesOf: oldPublic?.uniqueIdentifier)
        let kind: AsymmetricKeys.KeyKind
        do {
            kind = try AsymmetricKeys.kind(privateKeyDER: KeyFormats.privateDER(oldPrivate))
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
        let (pair, bits) = switch kind {
        case .rsa(let bits): try await KeyPairOperations.generate(.rsa, length: Int32(bits), curve: nil)
        case .ec(let curve?, _): try await KeyPairOperations.generate(algorithm, length: nil, curve: curve)
        case .ec(nil, _): throw OperationError(.invalidField, "object \(oldPrivate.uniqueIdentifier) is on a curve this server cannot generate")
        }
        let privateIdentifier = await context.store.newIdentifier()
        let publicIdentifier = await context.store.newIdentifier()
        var privateAttributes = try ServerAttributes.initial(try carried(from: oldPrivate, offset: reKey.offset, requested: privateRequested, context: context),
                                                             identifier: privateIdentifier, objectType: .privateKey, context: context)
        let publicCarried = try oldPublic.map { try carried(from: $0, offset: reKey.offset, requested: publicRequested, context: context) } ?? Attributes(publicRequested)
        var publicAttributes = try ServerAttributes.initial(publicCarried, identifier: publicIdentifier, objectType: .publicKey, context: context)
        privateAttributes.list += [Attribute.link(.publicKeyLink, to: publicIdentifier), Attribute.link(.replacedObjectLink, to: oldPrivate.uniqueIdentifier)]
        publicAttributes.list.append(Attribute.link(.privateKeyLink, to: privateIdentifier))
        if let oldPublic { publicAttributes.list.append(Attribute.link(.replacedObjectLink, to: oldPublic.uniqueIdentifier)) }
        try await KeyPairOperations.store(pair, algorithm: algorithm, bits: bits, privateKey: (privateIdentifier, privateAttributes),
                                          publicKey: (publicIdentifier, publicAttributes), context: context)
        try await retire(oldPrivate, replacedBy: privateIdentifier, context: context)
        if let oldPublic { try await retire(oldPublic, replacedBy: publicIdentifier, context: context) }
        return ReKeyKeyPairResponse(privateKeyUniqueIdentifier: privateIdentifier, publicKeyUniqueIdentifier: publicIdentifier)
    }

    static func requireNotDestroyed(_ object: StoredObject) throws(OperationError) {
        guard object.state != .destroyed && object.state != .destroyedCompromised else {
            throw OperationError(.objectDestroyed, "object \(object.uniqueIdentifier) was destroyed")
        }
    }

    /// The object `object` links to with a link of `type`, if it has one and it is there.
    static func linkedObject(of object: StoredObject, type: LinkType, context: OperationContext) async throws -> StoredObject? {
        guard let identifier = linkedIdentifiers(in: object.attributes, type: type).first else { return nil }
        return try await context.object(identifier)
    }

    /// The identifiers the Links of `type` in `attributes` name, in order.
    static func linkedIdentifiers(in attributes: Attributes, type: LinkType) -> [String] {
        attributes.all(.link).compactMap { attribute in
            let link = TTLVItem(tag: .link, attribute.value)
            guard case .enumeration(type.rawValue)? = link[.linkType]?.value, case .textString(let identifier)? = link[.linkedObjectIdentifier]?.value else { return nil }
            return identifier
        }
    }

    /// The attributes a replacement of `old` starts from (2.1 Table 304): what Re-key carries,
    /// the dates copied (or, with an Offset, the Activation Date now + Offset and the other
    /// dates at their distance to it), Usage Limits renewed, then the request's attributes.
    static func carried(from old: StoredObject, offset: Interval?, requested: [Attribute], context: OperationContext) throws -> Attributes {
        var carried = Attributes(old.attributes.list.filter { attribute in
            guard case .standard(let tag) = attribute.name else { return true }
            return !notCarried.contains(tag)
        })
        if let offset {
            let activation = DateTime(secondsSince1970: context.now.secondsSince1970 + Int64(offset.seconds))
            let shift = try old.attributes.activationDate.map { activation.secondsSince1970 - $0.secondsSince1970 }
            for tag in [Tag.processStartDate, .protectStopDate, .deactivationDate] {
                guard let shift, let date = try old.attributes.value(tag, as: DateTime.self) else { continue }
                try carried.set(tag, DateTime(secondsSince1970: date.secondsSince1970 + shift))
            }
            try carried.set(.activationDate, activation)
        }
        if let limits = UsageLimits(of: old) { carried.list.append(limits.renewed) }
        carried.list += requested
        return carried
    }

    /// `old` after its replacement: its names moved to `replacement`, which a Replacement
    /// Object Link names.
    static func retire(_ old: StoredObject, replacedBy replacement: String, context: OperationContext) async throws {
        var old = old
        old.attributes.list.removeAll { $0.name == .standard(.name) }
        old.attributes.appendInstance(Attribute.link(.replacementObjectLink, to: replacement))
        try old.touch(context)
        try await context.store.update(old)
    }

    /// What Re-key does not carry to the replacement key (2.1 Table 304): what the server sets
    /// anew or derives from the new key, and what only the old key's life set.
    static let notCarried: Set<Tag> = [
        .uniqueIdentifier, .state, .initialDate, .lastChangeDate, .link, .usageLimits,
        .destroyDate, .compromiseOccurrenceDate, .compromiseDate, .revocationReason,
        .digest, .shortUniqueIdentifier, .fresh, .randomNumberGenerator, .originalCreationDate,
        .alwaysSensitive, .neverExtractable,
    ]

    /// Check: the object exists, belongs to the client, and would allow the usage, the amount of
    /// its Usage Limits and the lease asked about; a failed check names what failed.
    static let check: OperationHandler = { request, context in
        let check = try StandardOperations.payload(request, as: CheckRequest.self)
        let object = try await context.object(check.uniqueIdentifier)
        if let wanted = check.usageLimitsCount, let limits = UsageLimits(of: object), wanted > limits.remaining {
            // 2.x lists Usage Limit Exceeded among Check's errors (Permission Denied in 1.x).
            throw OperationError(.usageLimitExceeded, "object \(object.uniqueIdentifier) has \(limits.remaining) of its Usage Limits left, \(wanted) asked")
        }
        if let usage = check.cryptographicUsageMask, !object.usageMask.contains(usage) {
            throw OperationError(.incompatibleCryptographicUsageMask, "object \(object.uniqueIdentifier) does not allow \(usage)")
        }
        if let lease = check.leaseTime, lease > leaseTime {
            throw OperationError(.permissionDenied, "leases here last at most \(leaseTime.seconds) seconds")
        }
        return CheckResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    static let rngSeed: OperationHandler = { request, _ in
        let seed = try StandardOperations.payload(request, as: RNGSeedRequest.self)
        // Mixed into OpenSSL's generator, all of it (Data Length = the seed's length).
        do {
            try Random.mix(seed.data)
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
        return RNGSeedResponse(dataLength: Int32(clamping: seed.data.count))
    }

}

/// Key material.
enum Keys {
    /// Random bytes from OpenSSL's generator.
    static func random(byteCount: Int) throws(OperationError) -> [UInt8] {
        do {
            return try Random.bytes(byteCount)
        } catch {
            throw OperationError(.cryptographicFailure, "the random generator failed: \(error)")
        }
    }
}
