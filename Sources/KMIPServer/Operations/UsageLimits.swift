import KMIP
import KMIPSpec
import TTLV

extension OperationContext {
    /// Counts one use of `object` (`bytes` long) against its Usage Limits attribute (KMIP 1.4
    /// section 3.21, 2.1 section 4.63): the Usage Limits Count is what remains of the Total, in
    /// bytes or in uses; a use that needs more than remains is Permission Denied. Objects
    /// without Usage Limits are not counted.
    func consumeUsage(of object: StoredObject, bytes: Int) async throws {
        guard let index = object.attributes.list.firstIndex(where: { $0.name == .standard(.usageLimits) }),
              case .structure(var fields) = object.attributes.list[index].value else { return }
        func long(_ tag: Tag) -> Int64? {
            switch fields.first(where: { $0.tag == tag })?.value {
            case .longInteger(let value)?: value
            case .integer(let value)?: Int64(value)
            default: nil
            }
        }
        guard let total = long(.usageLimitsTotal) else { return }
        let unit: UInt32? = if case .enumeration(let raw)? = fields.first(where: { $0.tag == .usageLimitsUnit })?.value { raw } else { nil }
        let needed = unit == UsageLimitsUnit.byte.rawValue ? Int64(bytes) : 1
        let remaining = long(.usageLimitsCount) ?? total
        guard remaining >= needed else {
            throw OperationError(.permissionDenied, "object \(object.uniqueIdentifier) has used up its Usage Limits (\(remaining) of \(total) left, \(needed) needed)")
        }
        fields.removeAll { $0.tag == .usageLimitsCount }
        fields.append(TTLVItem(tag: .usageLimitsCount, .longInteger(remaining - needed)))
        var used = object
        used.attributes.list[index].value = .structure(fields)
        try await store.update(used)
    }
}
