import KMIP
import KMIPSpec
import TTLV

/// An object's Usage Limits attribute (KMIP 1.4 section 3.21, 2.1 section 4.63) as the server
/// keeps it: the Usage Limits Count is what remains of the Total, in bytes or in uses. Only
/// applying protection counts (Encrypt, Sign, MAC); decrypting and verifying are not limited.
struct UsageLimits {
    /// Where the attribute sits in the object's attribute list.
    private let index: Int
    private let fields: [TTLVItem]
    let total: Int64
    let remaining: Int64
    private let countsBytes: Bool

    /// The object's limits; nil when it has none (it is then not counted).
    init?(of object: StoredObject) {
        guard let index = object.attributes.list.firstIndex(where: { $0.name == .standard(.usageLimits) }),
              case .structure(let fields) = object.attributes.list[index].value else { return nil }
        func long(_ tag: Tag) -> Int64? {
            switch fields.first(where: { $0.tag == tag })?.value {
            case .longInteger(let value)?: value
            case .integer(let value)?: Int64(value)
            default: nil
            }
        }
        guard let total = long(.usageLimitsTotal) else { return nil }
        self.index = index
        self.fields = fields
        self.total = total
        self.remaining = long(.usageLimitsCount) ?? total
        if case .enumeration(let unit)? = fields.first(where: { $0.tag == .usageLimitsUnit })?.value {
            countsBytes = unit == UsageLimitsUnit.byte.rawValue
        } else {
            countsBytes = false
        }
    }

    /// Units `uses` uses over `bytes` of data take: the bytes, or the uses.
    func needed(bytes: Int, uses: Int64) -> Int64 { countsBytes ? Int64(bytes) : uses }

    /// The same limits with all of the Total remaining (a Re-key's replacement key).
    var renewed: Attribute { Attribute(.standard(.usageLimits), value: .structure(fields(remaining: total))) }

    /// Whether some of the Total was used (or allocated): the limits may then no longer change
    /// (1.2 section 3.21).
    var isSpent: Bool { remaining != total }

    /// `object` with `used` units fewer remaining.
    func spending(_ used: Int64, of object: StoredObject) -> StoredObject {
        var spent = object
        spent.attributes.list[index].value = .structure(fields(remaining: remaining - used))
        return spent
    }

    /// The attribute's fields with `count` as the Usage Limits Count.
    private func fields(remaining count: Int64) -> [TTLVItem] {
        Self.fields(fields, count: .longInteger(count))
    }

    /// `fields` with `count` as the Usage Limits Count, in the spec's order: after the Total.
    static func fields(_ fields: [TTLVItem], count: TTLVValue) -> [TTLVItem] {
        var counted = fields.filter { $0.tag != .usageLimitsCount }
        let position = counted.firstIndex { $0.tag == .usageLimitsTotal }.map { $0 + 1 } ?? counted.count
        counted.insert(TTLVItem(tag: .usageLimitsCount, count), at: position)
        return counted
    }
}

extension Attribute {
    /// The attribute as the server keeps it from a client: a Usage Limits with all of its Total
    /// as the Usage Limits Count, which only the server sets (1.2 section 3.21: a count the
    /// client sends is ignored); any other attribute as it is.
    var withFullUsageCount: Attribute {
        guard name == .standard(.usageLimits), case .structure(let fields) = value,
              let total = fields.first(where: { $0.tag == .usageLimitsTotal }) else { return self }
        var counted = self
        counted.value = .structure(UsageLimits.fields(fields, count: total.value))
        return counted
    }
}

extension StorageOperations {
    /// Get Usage Allocation (1.2 section 4.18, 2.1 6.1.23): takes the units asked for from the
    /// object's Usage Limits, while it may apply protection (Active, before its Protect Stop
    /// Date); Illegal Operation for an object without limits or that cannot protect now,
    /// Permission Denied when fewer units remain (1.2 Table 308).
    static let getUsageAllocation: OperationHandler = { request, context in
        let allocation = try StandardOperations.payload(request, as: GetUsageAllocationRequest.self)
        let object = try await context.object(allocation.uniqueIdentifier)
        guard let limits = UsageLimits(of: object) else {
            throw OperationError(.illegalOperation, "object \(object.uniqueIdentifier) has no Usage Limits")
        }
        guard object.objectType == .symmetricKey || object.objectType == .privateKey else {
            throw OperationError(.illegalOperation, "object \(object.uniqueIdentifier) is a \(object.objectType), which applies no protection")
        }
        let stopped = object.date(.protectStopDate).map { $0 <= context.now } ?? false
        guard object.state == .active, !stopped else {
            throw OperationError(.illegalOperation, "object \(object.uniqueIdentifier) may not apply protection now (\(stopped ? "past its Protect Stop Date" : "\(object.state)"))")
        }
        let wanted = allocation.usageLimitsCount
        guard wanted >= 0, wanted <= limits.remaining else {
            throw OperationError(.permissionDenied, "object \(object.uniqueIdentifier) has \(limits.remaining) of its Usage Limits left, \(wanted) asked")
        }
        try await context.store.update(limits.spending(wanted, of: object))
        return GetUsageAllocationResponse(uniqueIdentifier: object.uniqueIdentifier)
    }
}

extension OperationContext {
    /// Counts `uses` uses of `object` over `bytes` of data against its Usage Limits (a later part
    /// of a multi-part operation is no new use); a use that needs more than remains is
    /// Permission Denied (CS-BC-M-7). Objects without limits are not counted.
    func consumeUsage(of object: StoredObject, bytes: Int, uses: Int64 = 1) async throws {
        guard let limits = UsageLimits(of: object) else { return }
        let needed = limits.needed(bytes: bytes, uses: uses)
        guard limits.remaining >= needed else {
            throw OperationError(.permissionDenied, "object \(object.uniqueIdentifier) has used up its Usage Limits (\(limits.remaining) of \(limits.total) left, \(needed) needed)")
        }
        try await store.update(limits.spending(needed, of: object))
    }
}
