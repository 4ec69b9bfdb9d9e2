public import KMIPSpec
public import TTLV

/// Reads the children of a Structure in order, field by field.
///
/// Each call looks at the next unread child: `required` takes it or throws, `optional`
/// takes it when its tag matches, `repeated` takes every consecutive match. Children that
/// no field takes are kept in `unknown`, in order, so a payload can re-emit them; `finish()`
/// is for structures that must not carry any.
public struct StructureReader {
    /// The structure's tag.
    public let tag: Tag
    /// The protocol version that rules the structure.
    public let version: KMIPVersion
    private let children: [TTLVItem]
    private var index = 0
    /// Children skipped so far because no field took them.
    private var skipped: [TTLVItem] = []

    /// Starts reading `item`, which must be a Structure (with `expected` tag, when given).
    public init(_ item: TTLVItem, version: KMIPVersion, expected: Tag? = nil) throws(KMIPError) {
        guard case .structure(let children) = item.value else { throw item.wrongType(expected: .structure) }
        if let expected, item.tag != expected {
            throw KMIPError(.unexpectedTag, reason: "expected \(expected), found \(item.tag)")
        }
        self.tag = item.tag
        self.version = version
        self.children = children
    }

    /// The next unread child whose tag is `tag`; children before it that have other tags are
    /// kept as unknown. Fields are read in spec order, so unknown children between known
    /// ones are skipped over, not lost.
    private mutating func next(_ tag: Tag) -> TTLVItem? {
        var probe = index
        while probe < children.count {
            if children[probe].tag == tag {
                skipped.append(contentsOf: children[index..<probe])
                index = probe + 1
                return children[probe]
            }
            probe += 1
        }
        return nil
    }

    private func decode<T: TTLVDecodable>(_ item: TTLVItem, as type: T.Type) throws(KMIPError) -> T {
        do {
            return try T(ttlv: item, version: version)
        } catch {
            throw error.path.first == item.tag.description ? error : error.inside(item.tag)
        }
    }

    /// The next child with `tag`; throws `missingField` when there is none.
    public mutating func required<T: TTLVDecodable>(_ tag: Tag, as type: T.Type = T.self) throws(KMIPError) -> T {
        guard let item = next(tag) else {
            throw KMIPError(.missingField, path: [self.tag.description], reason: "\(tag) is required")
        }
        return try decode(item, as: type)
    }

    /// The next child with `tag`, if there is one.
    public mutating func optional<T: TTLVDecodable>(_ tag: Tag, as type: T.Type = T.self) throws(KMIPError) -> T? {
        guard let item = next(tag) else { return nil }
        return try decode(item, as: type)
    }

    /// Every remaining child with `tag`, in order, until a child with `tag` is no longer next
    /// in line after unknown children.
    public mutating func repeated<T: TTLVDecodable>(_ tag: Tag, as type: T.Type = T.self) throws(KMIPError) -> [T] {
        var values: [T] = []
        while let item = next(tag) { values.append(try decode(item, as: type)) }
        return values
    }

    /// The tag of the next unread child.
    public var nextTag: Tag? { index < children.count ? children[index].tag : nil }

    /// Children no field took, in order; reading ends here.
    public mutating func unknown() -> [TTLVItem] {
        let rest = skipped + children[index...]
        skipped = []
        index = children.count
        return rest
    }

    /// Ends reading; throws if any child was not taken.
    public mutating func finish() throws(KMIPError) {
        let rest = unknown()
        guard rest.isEmpty else {
            throw KMIPError(.unexpectedTag, path: [tag.description], reason: "unexpected \(rest.map(\.tag.description).joined(separator: ", "))")
        }
    }
}

/// Builds a Structure field by field, checking each tag against the protocol version.
public struct StructureBuilder {
    /// The protocol version the structure is written for.
    public let version: KMIPVersion
    /// The children so far.
    public private(set) var children: [TTLVItem] = []

    public init(version: KMIPVersion) {
        self.version = version
        children.reserveCapacity(8)
    }

    /// Throws `notInVersion` when the spec table says `tag` is not defined in this version.
    /// Tags the table does not know (extensions) pass.
    public func check(_ tag: Tag) throws(KMIPError) {
        guard SpecTable.defines(tag, in: version) == false, let definition = SpecTable.tag(tag) else { return }
        throw KMIPError(.notInVersion, path: [tag.description], reason: "\(definition.name) is defined in KMIP \(definition.versions), not \(version)")
    }

    /// Adds `value` under `tag`.
    public mutating func add<T: TTLVEncodable>(_ tag: Tag, _ value: T) throws(KMIPError) {
        try check(tag)
        do {
            children.append(try value.ttlv(tag, version: version))
        } catch {
            throw error.path.first == tag.description ? error : error.inside(tag)
        }
    }

    /// Adds `value` under `tag` when it is present.
    public mutating func add<T: TTLVEncodable>(_ tag: Tag, _ value: T?) throws(KMIPError) {
        if let value { try add(tag, value) }
    }

    /// Adds each of `values` under `tag`.
    public mutating func add<T: TTLVEncodable>(_ tag: Tag, _ values: [T]) throws(KMIPError) {
        for value in values { try add(tag, value) }
    }

    /// Adds items as they are (unknown content being re-emitted).
    public mutating func append(_ items: [TTLVItem]) {
        children.append(contentsOf: items)
    }

    /// The finished Structure.
    public func build(_ tag: Tag) -> TTLVItem {
        TTLVItem(tag: tag, .structure(children))
    }
}
