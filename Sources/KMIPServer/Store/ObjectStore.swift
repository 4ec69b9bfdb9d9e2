public import KMIP
public import KMIPSpec

/// One managed object as the server keeps it.
public struct StoredObject: Hashable, Sendable {
    public var uniqueIdentifier: String
    public var objectType: ObjectType
    public var object: ManagedObject
    /// Every attribute, the server-maintained ones included (State, dates, ...).
    public var attributes: Attributes
    /// The client identity that created or registered it.
    public var owner: String
    /// Archived (Archive) rather than on-line; Recover brings it back.
    public var archived: Bool

    public init(uniqueIdentifier: String, objectType: ObjectType, object: ManagedObject, attributes: Attributes, owner: String, archived: Bool = false) {
        self.uniqueIdentifier = uniqueIdentifier
        self.objectType = objectType
        self.object = object
        self.attributes = attributes
        self.owner = owner
        self.archived = archived
    }

    /// The object's State attribute (Pre-Active when absent).
    public var state: State { ((try? attributes.state) ?? nil) ?? .preActive }
}

/// Where the server keeps objects. Implementations must make each write durable before they
/// return, so a response never reports something a crash could lose.
public protocol ObjectStore: Sendable {
    /// A new unique identifier.
    func newIdentifier() async -> String
    func insert(_ object: StoredObject) async throws
    func object(_ uniqueIdentifier: String) async throws -> StoredObject?
    func update(_ object: StoredObject) async throws
    func remove(_ uniqueIdentifier: String) async throws
    /// Every object of `owner`, in creation order.
    func objects(ownedBy owner: String) async throws -> [StoredObject]
    /// The objects of `owner` with a Name attribute whose value is `name`, in creation order
    /// (asked by every Create and Register that names its object).
    func objects(named name: String, ownedBy owner: String) async throws -> [StoredObject]
}

extension ObjectStore {
    /// By looking at every object of `owner`.
    public func objects(named name: String, ownedBy owner: String) async throws -> [StoredObject] {
        try await objects(ownedBy: owner).filter { $0.nameValues.contains(name) }
    }
}
