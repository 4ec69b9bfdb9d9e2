/// Objects in memory: fast, gone when the process ends. Identifiers are random UUIDs, or
/// sequential numbers in deterministic mode.
public actor MemoryObjectStore: ObjectStore {
    private var objects: [String: StoredObject] = [:]
    private var order: [String] = []
    private var counter = 0
    private let sequential: Bool

    /// - Parameter sequentialIdentifiers: "1", "2", ... instead of random UUIDs.
    public init(sequentialIdentifiers: Bool = false) {
        self.sequential = sequentialIdentifiers
    }

    public func newIdentifier() -> String {
        counter += 1
        return sequential ? String(counter) : Self.uuid()
    }

    public func insert(_ object: StoredObject) {
        objects[object.uniqueIdentifier] = object
        order.append(object.uniqueIdentifier)
    }

    public func object(_ uniqueIdentifier: String) -> StoredObject? { objects[uniqueIdentifier] }

    public func update(_ object: StoredObject) {
        objects[object.uniqueIdentifier] = object
    }

    public func remove(_ uniqueIdentifier: String) {
        objects[uniqueIdentifier] = nil
        order.removeAll { $0 == uniqueIdentifier }
    }

    public func objects(ownedBy owner: String) -> [StoredObject] {
        order.compactMap { objects[$0] }.filter { $0.owner == owner }
    }

    /// A version 4 UUID from the system's random generator.
    static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}
