import Foundation
public import KMIPSpec
public import TTLV
import TTLVText

/// One vector file: request and expected response pairs, run in order on one connection.
public struct VectorFile: Sendable {
    /// One time step: a request message and the response message expected for it.
    public struct Step: Sendable {
        public var request: TTLVItem
        public var expected: TTLVItem
    }

    /// The path as given.
    public var path: String
    public var steps: [Step]
    /// The profile the file tests, from its name: `BL`, `CS-BC`, `SKLC`, `TC-OFFSET`, ...
    public var profile: String
    /// The protocol version of the first request.
    public var version: KMIPVersion?

    /// The file name without folders.
    public var name: String { (path as NSString).lastPathComponent }

    /// Reads a file; placeholders become marks of `marks`.
    ///
    /// - Throws: `HarnessError` when the file cannot be read, is not well-formed, or does not
    ///   alternate request and response messages.
    public init(path: String, marks: PlaceholderMarks, limits: TTLVTextOptions = .init()) throws(HarnessError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarnessError(.unreadable, file: path, reason: "cannot read the file")
        }
        var options = limits
        options.placeholders = marks.policy
        let items: [TTLVItem]
        do {
            items = try TTLVXML.decodeDocument(Array(data), options: options)
        } catch {
            throw HarnessError(.malformed, file: path, reason: error.description)
        }
        try self.init(path: path, items: items)
    }

    /// Pairs already-read messages.
    public init(path: String, items: [TTLVItem]) throws(HarnessError) {
        guard !items.isEmpty, items.count % 2 == 0 else {
            throw HarnessError(.malformed, file: path, reason: "expected request and response pairs, found \(items.count) messages")
        }
        var steps: [Step] = []
        for index in stride(from: 0, to: items.count, by: 2) {
            guard items[index].tag == .requestMessage, items[index + 1].tag == .responseMessage else {
                throw HarnessError(.malformed, file: path, reason: "message \(index + 1) and \(index + 2) are not a RequestMessage then a ResponseMessage")
            }
            steps.append(Step(request: Self.repairingNames(items[index]), expected: Self.repairingNames(items[index + 1])))
        }
        self.path = path
        self.steps = steps
        self.profile = Self.profile(fileName: (path as NSString).lastPathComponent)
        self.version = Self.protocolVersion(of: items[0])
    }

    /// The profile part of a vector file name, whose words are separated by `-` or `_`: the
    /// words before `M` or `O` (mandatory, optional), or else before the first number
    /// (`TC-OFFSET-1-14` gives `TC-OFFSET`, `TC_311_10_Create_Destroy` gives `TC`).
    static func profile(fileName: String) -> String {
        let base = (fileName as NSString).deletingPathExtension
        let words = base.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        if let marker = words.firstIndex(where: { $0 == "M" || $0 == "O" }), marker > 0 {
            return words[..<marker].joined(separator: "-")
        }
        let end = words.dropFirst().firstIndex { $0.allSatisfy(\.isNumber) } ?? words.count
        return words[..<end].joined(separator: "-")
    }

    /// `item` with every Attribute Name's runs of spaces made one space. The KMIP 1.x test
    /// case files were taken from PDF documents and carry names such as "Cryptographic   Usage
    /// Mask" in their requests (the recorded responses name the attributes as the
    /// specification does); a server rightly refuses such a name, so the harness repairs it.
    static func repairingNames(_ item: TTLVItem) -> TTLVItem {
        switch item.value {
        case .structure(let children):
            return TTLVItem(tag: item.tag, .structure(children.map(repairingNames)))
        case .textString(let text) where item.tag == .attributeName && text.contains("  "):
            return TTLVItem(tag: item.tag, .textString(text.split(separator: " ").joined(separator: " ")))
        default:
            return item
        }
    }

    /// The Protocol Version in a message header.
    static func protocolVersion(of message: TTLVItem) -> KMIPVersion? {
        let header = message[.requestHeader] ?? message[.responseHeader]
        guard let version = header?[.protocolVersion],
              case .integer(let major)? = version[.protocolVersionMajor]?.value,
              case .integer(let minor)? = version[.protocolVersionMinor]?.value else { return nil }
        return KMIPVersion(major, minor)
    }
}
