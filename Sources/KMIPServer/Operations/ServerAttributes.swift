import KMIP
import KMIPSpec
import TTLV

/// Attributes the server sets and clients may not change.
enum ServerAttributes {
    static let readOnly: Set<Tag> = [
        .uniqueIdentifier, .objectType, .state, .initialDate, .lastChangeDate, .destroyDate,
        .compromiseDate, .compromiseOccurrenceDate, .deactivationDate, .cryptographicAlgorithm, .cryptographicLength,
    ]

    /// The attributes a new object starts with: the client's, then the server's.
    static func initial(_ requested: Attributes, identifier: String, objectType: ObjectType, context: OperationContext) throws -> Attributes {
        var attributes = Attributes()
        for attribute in requested.list {
            if case .standard(let tag) = attribute.name, [.uniqueIdentifier, .objectType, .state, .initialDate, .lastChangeDate].contains(tag) {
                continue
            }
            attributes.list.append(attribute)
        }
        try attributes.set(.uniqueIdentifier, identifier)
        try attributes.set(.objectType, objectType)
        let activation = try requested.activationDate
        let active = activation.map { $0 <= context.now } ?? false
        try attributes.set(.state, active ? State.active : State.preActive)
        try attributes.set(.initialDate, context.now)
        try attributes.set(.lastChangeDate, context.now)
        return attributes
    }

    /// Whether `attributes` satisfies every attribute of `filter` (Locate).
    static func matches(_ attributes: Attributes, filter: Attributes) -> Bool {
        filter.list.allSatisfy { wanted in
            attributes.list.contains { $0.name == wanted.name && $0.value == wanted.value }
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

    /// The attributes a client of `version` can be given (Fresh, Random Number Generator and
    /// the other 2.x attributes are not shown to a 1.x client).
    func attributes(in version: KMIPVersion) -> [Attribute] {
        attributes.list.filter { (try? $0.ttlv(version: version)) != nil }
    }

    /// The usage mask, or every bit when the object has none.
    var usageMask: CryptographicUsageMask {
        ((try? attributes.cryptographicUsageMask) ?? nil) ?? CryptographicUsageMask(rawValue: .max)
    }

    /// Throws unless the object is Active and its mask allows `usage`.
    func requireUsable(for usage: CryptographicUsageMask, operation: String) throws(OperationError) {
        guard state == .active else { throw OperationError.wrongState(uniqueIdentifier, state, for: operation) }
        guard usageMask.contains(usage) else {
            throw OperationError(.incompatibleCryptographicUsageMask, "object \(uniqueIdentifier) may not be used for \(operation) (its Cryptographic Usage Mask is \(usageMask))")
        }
    }
}
