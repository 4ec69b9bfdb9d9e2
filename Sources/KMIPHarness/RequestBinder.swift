import Foundation
import KMIPSpec
import TTLVText
public import TTLV

/// Fills a recorded request with what the run has bound: placeholders get the server's
/// values, `$NOW±n` the server's clock plus n, and recorded literals that varied get the
/// server's versions (so a Decrypt sends the ciphertext this server made).
public struct RequestBinder: Sendable {
    public let marks: PlaceholderMarks

    public init(marks: PlaceholderMarks) {
        self.marks = marks
    }

    /// The request to send, or the mismatch that stops the step (a placeholder no response
    /// has bound yet, and that names no field a response has carried).
    ///
    /// - Parameter serverNow: the server's clock now, as far as the harness can tell.
    public func bind(_ request: TTLVItem, bindings: inout Bindings, serverNow: Int64) -> Result<TTLVItem, Mismatch> {
        var failure: Mismatch?
        let bound = bind(request, path: [request.tag.description], attributeName: nil, bindings: &bindings, serverNow: serverNow, failure: &failure)
        if let failure { return .failure(failure) }
        return .success(bound)
    }

    private func bind(
        _ item: TTLVItem, path: [String], attributeName: String?, bindings: inout Bindings, serverNow: Int64, failure: inout Mismatch?
    ) -> TTLVItem {
        if case .structure(let children) = item.value {
            var out: [TTLVItem] = []
            out.reserveCapacity(children.count)
            var siblingName: String?
            for (index, child) in children.enumerated() {
                out.append(bind(child, path: path + [Mismatch.step(child, index: index, in: children)], attributeName: siblingName,
                                bindings: &bindings, serverNow: serverNow, failure: &failure))
                if child.tag == .attributeName, case .textString(let text) = child.value { siblingName = text }
            }
            return TTLVItem(tag: item.tag, .structure(out))
        }
        let tag = ResponseComparator.effectiveTag(item.tag, attributeName: attributeName)
        var value = item.value
        if let text = marks.placeholder(in: item.value) {
            if let offset = Placeholder.nowOffset(text), item.type == .dateTime || item.type == .dateTimeExtended {
                let base = bindings.nowBase ?? serverNow
                bindings.nowBase = base
                value = item.type == .dateTime ? .dateTime(base &+ offset) : .dateTimeExtended((base &+ offset) &* 1_000_000)
            } else if let known = bindings.placeholders[text] {
                value = known
            } else if let latest = bindings.latest[item.tag], Bindings.placeholder(text, names: item.tag) {
                value = latest
                bindings.placeholders[text] = latest
            } else if text.contains("RANDOM") {
                value = Self.randomValue(like: item.value)
                bindings.placeholders[text] = value
            } else {
                if failure == nil {
                    failure = Mismatch(.unboundPlaceholder, path: path, reason: "\(text) is used in a request before a response bound it", expected: item, actual: nil)
                }
                return item
            }
        } else if let replacement = bindings.literals[item.value] {
            value = replacement
        }
        if case .dateTime(let seconds) = value, VariationRules.serverDates.contains(tag) {
            bindings.sentDates[tag, default: []].insert(seconds)
        }
        return TTLVItem(tag: item.tag, value)
    }

    /// A fresh value for a `$..._RANDOM_n` placeholder: a UUID-like text, or 16 random bytes.
    static func randomValue(like value: TTLVValue) -> TTLVValue {
        switch value {
        case .byteString: .byteString((0..<16).map { _ in UInt8.random(in: 0...255) })
        default: .textString(UUID().uuidString.lowercased())
        }
    }
}
