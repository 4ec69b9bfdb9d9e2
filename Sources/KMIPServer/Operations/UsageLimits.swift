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

    /// `object` with `used` units fewer remaining.
    func spending(_ used: Int64, of object: StoredObject) -> StoredObject {
        var spent = object
        spent.attributes.list[index].value = .structure(fields(remaining: remaining - used))
        return spent
    }

    /// The attribute's fields with `count` as the Usage Limits Count.
    private func fields(remaining count: Int64) -> [TTLVItem] {
        fields.filter { $0.tag != .usageLimitsCount } + [TTLVItem(tag: .usageLimitsCount, .longInteger(count))]
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
