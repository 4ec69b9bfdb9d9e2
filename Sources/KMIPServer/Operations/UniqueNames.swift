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
        for name in Set(attributes.compactMap(\.nameValue)) {
            for object in try await store.objects(named: name, ownedBy: client) where object.uniqueIdentifier != identifier {
                guard object.state != .destroyed && object.state != .destroyedCompromised else { continue }
                throw OperationError(.nonUniqueNameAttribute, "the name \"\(name)\" is already used by object \(object.uniqueIdentifier)")
            }
        }
    }
}

extension Attribute {
    /// The Name Value of a Name attribute.
    var nameValue: String? {
        guard name == .standard(.name), case .structure(let fields) = value,
              case .textString(let value)? = fields.first(where: { $0.tag == .nameValue })?.value else { return nil }
        return value
    }
}

extension StoredObject {
    /// The values of its Name attributes.
    var nameValues: [String] { attributes.list.compactMap(\.nameValue) }
}
