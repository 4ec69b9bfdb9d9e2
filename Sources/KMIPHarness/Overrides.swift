import Foundation

/// The one list of vector files (or steps) that are not run or whose failure is known, each
/// with a reason: `Vectors/overrides.txt`.
///
/// One entry per line, fields separated by white space, `#` starts a comment:
///
///     skip   TC-ECDSA-SIGN-1-14.xml  *  not well-formed XML (a second </KMIP>)
///     known  BL-M-9-21.xml           *  the OASIS file registers an RSA key whose p and q are not prime
///     known  SKFF-M-4-21.xml         3  server: 3DES keys are refused
///     chain  SASED-M-3-21.xml        *  uses the objects SASED-M-2-21 registered
///
/// `skip` files are not run. `known` files run; a failure in the named step (or anywhere
/// for `*`) is reported as known rather than failed. `chain` files run on the server state
/// the previous file left. The file is matched by name.
public struct Overrides: Sendable {
    public enum Kind: String, Sendable {
        case skip, known
        /// Run without emptying the in-process server first: the file uses objects the
        /// file before it left (a series such as SASED-M-2 then SASED-M-3).
        case chain
    }

    public struct Entry: Hashable, Sendable {
        public var kind: Kind
        public var file: String
        /// `nil` for the whole file.
        public var step: Int?
        public var reason: String
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Reads the overrides file.
    ///
    /// - Throws: `HarnessError` with the line number of a bad line.
    public init(path: String) throws(HarnessError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarnessError(.unreadable, file: path, reason: "cannot read the overrides file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), source: path)
    }

    public init(text: String, source: String = "overrides") throws(HarnessError) {
        var entries: [Entry] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(maxSplits: 3, whereSeparator: { $0 == " " || $0 == "\t" })
            func fail(_ why: String) -> HarnessError { HarnessError(.overrides, file: source, reason: "line \(number + 1): \(why)") }
            guard fields.count == 4 else { throw fail("expected: skip|known|chain FILE STEP|* REASON") }
            guard let kind = Kind(rawValue: String(fields[0])) else { throw fail("'\(fields[0])' is not skip, known or chain") }
            var step: Int?
            if fields[2] != "*" {
                guard let number = Int(fields[2]), number >= 0 else { throw fail("the step must be * or a step number from 0") }
                guard kind == .known else { throw fail("\(kind.rawValue) applies to whole files (step *)") }
                step = number
            }
            let reason = fields[3].trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else { throw fail("every entry needs a reason") }
            entries.append(Entry(kind: kind, file: String(fields[1]), step: step, reason: reason))
        }
        self.entries = entries
    }

    /// Why `file` is skipped, if it is.
    public func skipReason(_ file: String) -> String? {
        let name = (file as NSString).lastPathComponent
        return entries.first { $0.kind == .skip && $0.file == name }?.reason
    }

    /// Why `file` runs on the state the previous file left, if it does.
    public func chainReason(_ file: String) -> String? {
        let name = (file as NSString).lastPathComponent
        return entries.first { $0.kind == .chain && $0.file == name }?.reason
    }

    /// Why a failure of `file` in `step` (`nil`: anywhere in the file) is known, if it is.
    public func knownReason(_ file: String, step: Int?) -> String? {
        let name = (file as NSString).lastPathComponent
        return entries.first { $0.kind == .known && $0.file == name && $0.step == step }?.reason
    }
}
