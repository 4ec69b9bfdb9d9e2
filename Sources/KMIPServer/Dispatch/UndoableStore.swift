/// An object store for one batch under the Undo batch error continuation option: it passes
/// every call through and remembers what each object was before the batch first changed it,
/// so that `undo()` can put everything back when an item fails.
actor UndoableStore: ObjectStore {
    private let base: any ObjectStore
    /// Each object the batch changed, in order, with its state before (nil: it did not exist).
    private var originals: [(identifier: String, before: StoredObject?)] = []
    private var changed: Set<String> = []

    init(_ base: any ObjectStore) {
        self.base = base
    }

    func newIdentifier() async -> String { await base.newIdentifier() }

    func object(_ uniqueIdentifier: String) async throws -> StoredObject? { try await base.object(uniqueIdentifier) }

    func objects(ownedBy owner: String) async throws -> [StoredObject] { try await base.objects(ownedBy: owner) }

    func objects(named name: String, ownedBy owner: String) async throws -> [StoredObject] { try await base.objects(named: name, ownedBy: owner) }

    func insert(_ object: StoredObject) async throws {
        try await remember(object.uniqueIdentifier)
        try await base.insert(object)
    }

    func update(_ object: StoredObject) async throws {
        try await remember(object.uniqueIdentifier)
        try await base.update(object)
    }

    func remove(_ uniqueIdentifier: String) async throws {
        try await remember(uniqueIdentifier)
        try await base.remove(uniqueIdentifier)
    }

    /// Restores every object the batch changed, newest change first.
    func undo() async throws {
        for (identifier, before) in originals.reversed() {
            let now = try await base.object(identifier)
            switch (before, now) {
            case (let before?, _?): try await base.update(before)
            case (let before?, nil): try await base.insert(before)
            case (nil, _?): try await base.remove(identifier)
            case (nil, nil): break
            }
        }
        originals.removeAll()
        changed.removeAll()
    }

    private func remember(_ identifier: String) async throws {
        guard changed.insert(identifier).inserted else { return }
        originals.append((identifier, try await base.object(identifier)))
    }
}
