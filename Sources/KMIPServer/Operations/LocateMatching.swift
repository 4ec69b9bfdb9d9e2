import KMIP
import KMIPSpec
import TTLV

/// Which objects a Locate finds (KMIP 1.4 section 4.9, 2.1 section 6.1.27): every filter
/// attribute must match one instance of the object's; a structure matches on the fields the
/// filter gives; a Cryptographic Usage Mask matches when the object's has every bit asked
/// for; two instances of one date attribute give an inclusive range. The Storage Status Mask
/// picks on-line, archived and destroyed objects (1.x has no Destroyed Storage bit, so
/// there destroyed objects are never found); Object Group Member picks the fresh or
/// the default member of the Object Group asked for.
enum LocateMatching {
    static func locate(_ request: LocateRequest, in owned: [StoredObject]) -> [StoredObject] {
        let storage = request.storageStatusMask ?? .onLineStorage
        let candidates = owned.filter { object in
            if object.state == .destroyed || object.state == .destroyedCompromised { return storage.contains(.destroyedStorage) }
            return storage.contains(object.archived ? .archivalStorage : .onLineStorage)
        }
        let matching = candidates.filter { matches($0.attributes, filter: request.attributes) }
        switch request.objectGroupMember {
        case .groupMemberFresh?:
            return matching.filter { ((try? $0.attributes.value(.fresh, as: Bool.self)) ?? nil) ?? true }
        case .groupMemberDefault?:
            // Server policy: the newest Active member, else the newest member.
            let newest = matching.filter { $0.state == .active }.last ?? matching.last
            return newest.map { [$0] } ?? []
        default:
            return matching
        }
    }

    /// Whether `attributes` satisfies `filter`.
    static func matches(_ attributes: Attributes, filter: Attributes) -> Bool {
        var ranges: [Attribute.Name: [Int64]] = [:]
        for wanted in filter.list {
            if case .dateTime(let date) = wanted.value, filter.list.filter({ $0.name == wanted.name }).count == 2 {
                ranges[wanted.name, default: []].append(date)
                continue
            }
            guard attributes.list.contains(where: { $0.name == wanted.name && matches($0.value, wanted.value, name: wanted.name) }) else { return false }
        }
        return ranges.allSatisfy { name, bounds in
            let (low, high) = (bounds.min() ?? .min, bounds.max() ?? .max)
            return attributes.list.contains { attribute in
                guard attribute.name == name, case .dateTime(let date) = attribute.value else { return false }
                return (low...high).contains(date)
            }
        }
    }

    /// Whether an object's attribute value matches a filter value.
    static func matches(_ value: TTLVValue, _ wanted: TTLVValue, name: Attribute.Name) -> Bool {
        switch (value, wanted) {
        case (.integer(let mask), .integer(let asked)) where name == .standard(.cryptographicUsageMask):
            return mask & asked == asked
        case (.structure(let fields), .structure(let asked)):
            // Every field given must be there with the same value (Link: the identifier without the type, ...).
            return asked.allSatisfy { field in fields.contains { $0.tag == field.tag && matches($0.value, field.value, name: name) } }
        default:
            return value == wanted
        }
    }
}
