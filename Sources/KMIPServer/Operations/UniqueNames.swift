import KMIP
import KMIPSpec
import TTLV

extension OperationContext {
    /// Throws Non Unique Name Attribute when a Name among `attributes` is already used by one
    /// of the client's objects that is not destroyed (KMIP 2.1 section 4.34: "Names SHALL be
    /// unique within a given key management server"), leaving out `identifier` itself when it
    /// is replacing its own names. 1.x, which has no such reason, is not checked.
    func requireUniqueNames(_ attributes: [Attribute], replacingNamesOf identifier: String? = nil) async throws {
        guard version >= .v2_0 else { return }
        let wanted = Set(attributes.compactMap(Self.nameValue))
        guard !wanted.isEmpty else { return }
        for object in try await store.objects(ownedBy: client) where object.uniqueIdentifier != identifier {
            guard object.state != .destroyed && object.state != .destroyedCompromised else { continue }
            if let taken = object.attributes.list.compactMap(Self.nameValue).first(where: wanted.contains) {
                throw OperationError(.nonUniqueNameAttribute, "the name \"\(taken)\" is already used by object \(object.uniqueIdentifier)")
            }
        }
    }

    /// The Name Value of a Name attribute.
    static func nameValue(_ attribute: Attribute) -> String? {
        guard attribute.name == .standard(.name), case .structure(let fields) = attribute.value,
              case .textString(let value)? = fields.first(where: { $0.tag == .nameValue })?.value else { return nil }
        return value
    }
}
