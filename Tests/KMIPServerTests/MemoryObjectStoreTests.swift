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
}
