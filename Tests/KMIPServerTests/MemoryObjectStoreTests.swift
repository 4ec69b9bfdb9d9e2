import KMIP
import KMIPSpec
import TTLV
import Testing
@testable import KMIPServer

@Suite struct MemoryObjectStoreTests {
    @Test func identifiersAreLowerCaseVersion4UUIDs() {
        let identifiers = (0..<200).map { _ in MemoryObjectStore.uuid() }
        #expect(Set(identifiers).count == identifiers.count)
        for identifier in identifiers {
            let groups = identifier.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12], "\(identifier)")
            #expect(identifier.allSatisfy { "0123456789abcdef-".contains($0) }, "\(identifier)")
            #expect(groups[2].first == "4", "version nibble in \(identifier)")
            #expect("89ab".contains(groups[3].first ?? "x"), "variant bits in \(identifier)")
        }
    }

    @Test func removeAllForgetsObjectsAndRestartsSequentialIdentifiers() throws {
        let store = MemoryObjectStore(sequentialIdentifiers: true)
        #expect(store.newIdentifier() == "1")
        #expect(store.newIdentifier() == "2")
        store.removeAll()
        #expect(store.newIdentifier() == "1")
        #expect(store.objects(ownedBy: "anyone").isEmpty)
    }

    /// Objects come back in creation order; a removed one is gone, and updating one keeps its place.
    @Test func objectsKeepCreationOrderThroughRemovesAndUpdates() throws {
        let store = MemoryObjectStore(sequentialIdentifiers: true)
        func object(_ identifier: String, owner: String = "alice", archived: Bool = false) -> StoredObject {
            StoredObject(uniqueIdentifier: identifier, objectType: .opaqueObject, object: .opaqueObject(OpaqueObject(opaqueDataType: .init(rawValue: 0x8000_0001), opaqueDataValue: [1])),
                         attributes: [], owner: owner, archived: archived)
        }
        for identifier in ["c", "a", "d", "b"] { store.insert(object(identifier)) }
        store.insert(object("e", owner: "bob"))
        store.remove("a")
        store.update(object("c", archived: true))
        store.update(object("missing"))
        #expect(store.objects(ownedBy: "alice").map(\.uniqueIdentifier) == ["c", "d", "b"])
        #expect(store.objects(ownedBy: "alice").first?.archived == true)
        #expect(store.objects(ownedBy: "bob").map(\.uniqueIdentifier) == ["e"])
        #expect(store.object("a") == nil)
        #expect(store.object("missing") == nil)
        store.insert(object("a"))
        #expect(store.objects(ownedBy: "alice").map(\.uniqueIdentifier) == ["c", "d", "b", "a"])
        // Many removals (the order list is compacted along the way) keep the order too.
        let many = (0..<300).map { "m\($0)" }
        for identifier in many { store.insert(object(identifier)) }
        for identifier in many where identifier != "m7" && identifier != "m250" { store.remove(identifier) }
        store.insert(object("m7"))
        #expect(store.objects(ownedBy: "alice").map(\.uniqueIdentifier) == ["c", "d", "b", "a", "m250", "m7"])
    }

    /// The name index follows inserts, renames and removals, per owner.
    @Test func objectsAreFoundByNameValue() throws {
        let store = MemoryObjectStore(sequentialIdentifiers: true)
        func object(_ identifier: String, owner: String = "alice", names: [String]) -> StoredObject {
            let attributes = Attributes(names.enumerated().map { index, name in
                Attribute(.standard(.name), index: Int32(index), value: .structure([TTLVItem(tag: .nameValue, .textString(name)), TTLVItem(tag: .nameType, .enumeration(1))]))
            })
            return StoredObject(uniqueIdentifier: identifier, objectType: .opaqueObject,
                                object: .opaqueObject(OpaqueObject(opaqueDataType: .init(rawValue: 0x8000_0001), opaqueDataValue: [1])), attributes: attributes, owner: owner)
        }
        func named(_ name: String, _ owner: String = "alice") -> [String] { store.objects(named: name, ownedBy: owner).map(\.uniqueIdentifier) }
        store.insert(object("1", names: ["disk", "backup"]))
        store.insert(object("2", names: ["disk"]))
        store.insert(object("3", owner: "bob", names: ["disk"]))
        #expect(named("disk") == ["1", "2"])
        #expect(named("backup") == ["1"])
        #expect(named("disk", "bob") == ["3"])
        store.update(object("1", names: ["archive"]))
        #expect(named("disk") == ["2"])
        #expect(named("backup").isEmpty)
        #expect(named("archive") == ["1"])
        store.remove("2")
        #expect(named("disk").isEmpty)
        store.removeAll()
        #expect(named("archive").isEmpty)
    }
}
