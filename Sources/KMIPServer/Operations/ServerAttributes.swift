import KMIP
import KMIPSpec
import TTLV

/// Attributes the server sets and clients may not change.
enum ServerAttributes {
    static let readOnly: Set<Tag> = [
        .uniqueIdentifier, .objectType, .state, .initialDate, .lastChangeDate, .destroyDate,
        .compromiseDate, .compromiseOccurrenceDate, .archiveDate, .cryptographicAlgorithm, .cryptographicLength,
        .shortUniqueIdentifier, .alwaysSensitive, .neverExtractable, .revocationReason, .keyFormatType,
        .digest, .randomNumberGenerator, .leaseTime, .certificateType, .certificateLength, .certificateSubjectCN, .certificateIssuerCN,
    ]

    /// Standard attributes that may have several instances (KMIP 2.1 section 4, "Multiple
    /// instances permitted"); custom attributes may too. Add Attribute refuses a second value of
    /// any other.
    static let multiValued: Set<Tag> = [
        .name, .objectGroup, .link, .applicationSpecificInformation, .alternativeName, .keyValueLocation,
        .cryptographicParameters, .digest, .digitalSignatureAlgorithm,
    ]

    /// Whether an object may have several instances of the attribute (custom ones may).
    static func isMultiInstance(_ name: Attribute.Name) -> Bool {
        guard case .standard(let tag) = name else { return true }
        return multiValued.contains(tag)
    }

    /// Attributes only the server sets when an object is made; a request's values for them are
    /// dropped.
    static let serverSet: Set<Tag> = [.uniqueIdentifier, .objectType, .state, .initialDate, .lastChangeDate, .keyValuePresent]

    /// The attributes a new object starts with: the client's, then the server's.
    static func initial(_ requested: Attributes, identifier: String, objectType: ObjectType, context: OperationContext) throws -> Attributes {
        try requireQuantumSafe(requested)
        // Templates named in a 1.x Template-Attribute are applied when the object is stored.
        var attributes = Attributes([], templateNames: requested.templateNames)
        for attribute in requested.list {
            if case .standard(let tag) = attribute.name, serverSet.contains(tag) { continue }
            attributes.list.append(attribute.withFullUsageCount)
        }
        try attributes.set(.uniqueIdentifier, identifier)
        // As an enumeration value: Template, a 1.x object type, is not one the latest version has.
        attributes.list.append(Attribute(.standard(.objectType), value: .enumeration(objectType.rawValue)))
        let activation = try requested.activationDate
        let active = activation.map { $0 <= context.now } ?? false
        try attributes.set(.state, active ? State.active : State.preActive)
        try attributes.set(.initialDate, context.now)
        try attributes.set(.lastChangeDate, context.now)
        return attributes
    }

    /// Quantum Safe (2.1 section 4.45): an object that must be quantum safe has to be a symmetric
    /// key of 256 bits or more (Grover's search halves a key's strength); no RSA or elliptic
    /// curve key is (Shor's algorithm). Refused with General Failure, as QS-M-2 records.
    static func requireQuantumSafe(_ requested: Attributes) throws {
        guard try requested.value(.quantumSafe, as: Bool.self) == true else { return }
        let algorithm = try requested.cryptographicAlgorithm
        let length = try requested.cryptographicLength ?? 0
        let safe = switch algorithm {
        case .aes?, .chaCha20?, .chaCha20Poly1305?, .hmac_SHA256?, .hmac_SHA384?, .hmac_SHA512?: length >= 256
        case nil: true
        default: false
        }
        guard safe else {
            throw OperationError(.generalFailure, "not quantum safe: \(algorithm.map { "\($0)" } ?? "?") \(length) cannot be Quantum Safe (a symmetric key of 256 bits or more can)")
        }
    }
}

extension Attributes {
    /// Adds one more instance of an attribute, numbered after the instances there are (the
    /// KMIP 1.x Attribute Index; 2.x does not write it), and returns it so numbered.
    @discardableResult
    mutating func appendInstance(_ attribute: Attribute) -> Attribute {
        var numbered = attribute
        let indexes = list.filter { $0.name == attribute.name }.map { $0.index ?? 0 }
        numbered.index = indexes.max().map { $0 + 1 }
        list.append(numbered)
        return numbered
    }

    /// KMIP 1.x Attribute Indexes: the instances of each attribute numbered 0, 1, ... in
    /// order, where none was given (1.2 section 2.1.1).
    mutating func numberInstances() {
        var seen: [Attribute.Name: Int32] = [:]
        for position in list.indices {
            let name = list[position].name
            if list[position].index == nil, let count = seen[name] { list[position].index = count }
            seen[name, default: 0] += 1
        }
    }
}

extension StoredObject {
    /// Marks a change: Last Change Date.
    mutating func touch(_ context: OperationContext) throws {
        try attributes.set(.lastChangeDate, context.now)
    }

    /// Moves to `state`, stamping the date attribute that goes with it.
    mutating func move(to state: State, date: Tag?, context: OperationContext) throws {
        try attributes.set(.state, state)
        if let date { try attributes.set(date, context.now) }
        try touch(context)
    }

    /// The attributes a client of `version` can be given, as that version writes them (Fresh,
    /// Random Number Generator and the other 2.x attributes are not shown to a 1.x client).
    func attributes(in version: KMIPVersion) -> [Attribute] {
        attributes.list.compactMap { stored in
            var attribute = stored
            // 2.0 dropped the Attribute Index the server keeps for 1.x clients.
            if version >= .v2_0 { attribute.index = nil }
            // Key Format Type is a 1.x field but an attribute only from 2.0.
            if version < .v2_0, attribute.name == .standard(.keyFormatType) { return nil }
            guard (try? attribute.ttlv(version: version)) != nil else { return nil }
            // The Digest's Key Format Type came in 1.1 (1.0 section 3.12: Hashing Algorithm
            // and Digest Value only).
            if version < .v1_1, attribute.name == .standard(.digest), case .structure(let fields) = attribute.value {
                attribute.value = .structure(fields.filter { $0.tag != .keyFormatType })
            }
            return attribute
        }
    }

    /// The object as its dates have moved it by `now` (2.1 section 3.1, transitions 4 and 6):
    /// Pre-Active past its Activation Date is Active, and Active past its Deactivation Date is
    /// Deactivated, its Last Change Date the date that was reached; nil when no date moved it.
    func movedByDates(at now: DateTime) throws -> StoredObject? {
        let before = state
        var after = before
        if after == .preActive, let activation = date(.activationDate), activation <= now { after = .active }
        if after == .active, let deactivation = date(.deactivationDate), deactivation <= now { after = .deactivated }
        guard after != before, let reached = date(after == .active ? .activationDate : .deactivationDate) else { return nil }
        var object = self
        try object.attributes.set(.state, after)
        try object.attributes.set(.lastChangeDate, reached)
        return object
    }

    /// The usage mask, or every bit when the object has none.
    var usageMask: CryptographicUsageMask {
        ((try? attributes.cryptographicUsageMask) ?? nil) ?? CryptographicUsageMask(rawValue: .max)
    }

    /// Throws unless the object is Active, its mask allows `usage`, and (at the request's
    /// time) a protecting use is not past the Protect Stop Date nor a processing use before the
    /// Process Start Date.
    func requireUsable(for usage: CryptographicUsageMask, operation: String, context: OperationContext) throws(OperationError) {
        guard state == .active else { throw OperationError.wrongState(uniqueIdentifier, state, for: operation) }
        guard usageMask.contains(usage) else {
            throw OperationError(.incompatibleCryptographicUsageMask, "object \(uniqueIdentifier) may not be used for \(operation) (its Cryptographic Usage Mask is \(usageMask))")
        }
        let reason = context.lifecycleRefusal
        let protecting: CryptographicUsageMask = [.encrypt, .wrapKey, .sign, .macGenerate]
        if !usage.intersection(protecting).isEmpty, let stop = date(.protectStopDate), stop <= context.now {
            throw OperationError(reason, "object \(uniqueIdentifier) is past its Protect Stop Date; \(operation) applies protection")
        }
        if usage.intersection(protecting).isEmpty, let start = date(.processStartDate), context.now < start {
            throw OperationError(reason, "object \(uniqueIdentifier) is before its Process Start Date; \(operation) processes protected data")
        }
    }

    /// A date attribute's value.
    func date(_ tag: Tag) -> DateTime? {
        (try? attributes.value(tag, as: DateTime.self)) ?? nil
    }
}
