import KMIPCrypto
import Synchronization

/// Objects in memory: fast, gone when the process ends. Identifiers are random UUIDs, or
/// sequential numbers in deterministic mode. Calls take a lock rather than hop to an actor:
/// they are short, and a request then runs on its connection's thread from start to end.
public final class MemoryObjectStore: ObjectStore {
    /// An object and the sequence of its insert. A class, so that growing the table moves
    /// references rather than whole objects (a pause that showed in Create's latency).
    private final class Entry: Sendable {
        let object: StoredObject
        let sequence: Int

        init(_ object: StoredObject, sequence: Int) {
            self.object = object
            self.sequence = sequence
        }
    }

    /// The objects by identifier, in 64 tables: growing one rehashes a 64th of the objects,
    /// which at 50,000 objects stalled every connection for 4 ms as one table.
    private struct Table {
        private var shards = [[String: Entry]](repeating: [:], count: 64)
        private(set) var count = 0

        subscript(identifier: String) -> Entry? {
            get { shards[Self.shard(identifier)][identifier] }
            set {
                let shard = Self.shard(identifier)
                let old = if let newValue { shards[shard].updateValue(newValue, forKey: identifier) } else { shards[shard].removeValue(forKey: identifier) }
                count += (newValue == nil ? 0 : 1) - (old == nil ? 0 : 1)
            }
        }

        private static func shard(_ identifier: String) -> Int {
            identifier.hashValue & 63
        }
    }

    private struct Contents {
        var objects = Table()
        /// Every insert in order; an entry whose object was removed (or inserted again later)
        /// is skipped when read, and dropped once such entries outnumber the live ones.
        var order: [(identifier: String, sequence: Int)] = []
        /// The identifiers of the objects with each (owner, Name value).
        var named: [NameKey: Set<String>] = [:]
        /// Identifiers handed out.
        var counter = 0
        /// Inserts made: the sequence of the latest.
        var inserted = 0

        /// Puts `entry` in the table under `identifier` (nil: removes what is there), keeping
        /// the name index in step.
        mutating func set(_ identifier: String, _ entry: Entry?) {
            if let old = objects[identifier] {
                for name in old.object.nameValues {
                    let key = NameKey(owner: old.object.owner, name: name)
                    named[key]?.remove(identifier)
                    if named[key]?.isEmpty == true { named[key] = nil }
                }
            }
            objects[identifier] = entry
            if let entry {
                for name in entry.object.nameValues { named[NameKey(owner: entry.object.owner, name: name), default: []].insert(identifier) }
            }
        }

        mutating func compactOrderIfStale() {
            guard order.count > 64, order.count > 2 * objects.count else { return }
            order.removeAll { objects[$0.identifier]?.sequence != $0.sequence }
        }
    }

    private struct NameKey: Hashable {
        let owner: String
        let name: String
    }

    private let contents = Mutex(Contents())
    private let sequential: Bool

    /// - Parameter sequentialIdentifiers: "1", "2", ... instead of random UUIDs.
    public init(sequentialIdentifiers: Bool = false) {
        self.sequential = sequentialIdentifiers
    }

    /// The next number (sequential) or a random UUID, never one in use (Import may have taken it).
    public func newIdentifier() -> String {
        contents.withLock { contents in
            while true {
                contents.counter += 1
                let identifier = sequential ? String(contents.counter) : Self.uuid()
                if contents.objects[identifier] == nil { return identifier }
            }
        }
    }

    public func insert(_ object: StoredObject) {
        contents.withLock { contents in
            contents.inserted += 1
            contents.set(object.uniqueIdentifier, Entry(object, sequence: contents.inserted))
            contents.order.append((object.uniqueIdentifier, contents.inserted))
            contents.compactOrderIfStale()
        }
    }

    public func object(_ uniqueIdentifier: String) -> StoredObject? {
        contents.withLock { $0.objects[uniqueIdentifier]?.object }
    }

    public func update(_ object: StoredObject) {
        contents.withLock { contents in
            guard let entry = contents.objects[object.uniqueIdentifier] else { return }
            contents.set(object.uniqueIdentifier, Entry(object, sequence: entry.sequence))
        }
    }

    public func remove(_ uniqueIdentifier: String) {
        contents.withLock { contents in
            contents.set(uniqueIdentifier, nil)
            contents.compactOrderIfStale()
        }
    }

    /// Forgets every object and starts identifiers again from "1" (between test-vector files).
    public func removeAll() {
        contents.withLock { $0 = Contents() }
    }

    /// In creation order.
    public func objects(ownedBy owner: String) -> [StoredObject] {
        contents.withLock { contents in
            contents.order.compactMap { inserted in
                guard let entry = contents.objects[inserted.identifier], entry.sequence == inserted.sequence, entry.object.owner == owner else { return nil }
                return entry.object
            }
        }
    }

    /// From an index of the Name values, not by looking at every object.
    public func objects(named name: String, ownedBy owner: String) -> [StoredObject] {
        contents.withLock { contents in
            (contents.named[NameKey(owner: owner, name: name)] ?? []).compactMap { contents.objects[$0] }
        }
        .sorted { $0.sequence < $1.sequence }
        .map(\.object)
    }

    /// A random (version 4) UUID in lower case: 16 bytes from OpenSSL's generator (the
    /// system's takes two `getrandom(2)` calls, 2-3 µs of a Create here; Foundation's `UUID()`
    /// opens /dev/urandom each time), or from the system's should OpenSSL's fail.
    static func uuid() -> String {
        var bytes = (try? Random.bytes(16)) ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = hexDigit(bytes[index] >> 4)
                text[position + 1] = hexDigit(bytes[index] & 0x0F)
                position += 2
            }
            return position
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
