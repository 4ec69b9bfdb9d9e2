/// Name rules: the OASIS normalisation of spec names, and Swift identifiers from them.
public enum Naming {
    /// Normalises a spec name to CamelCase by the six rules of KMIP Additional Message
    /// Encodings 1.0 section 4.1.3 (`IV/Counter/Nonce` -> `IVCounterNonce`,
    /// `PKCS#11` -> `PKCS_11`, `3DES` -> `DES3`).
    public static func normalize(_ name: String) -> String {
        func isWord(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        func isLetter(_ c: Character) -> Bool { c.isASCII && c.isLetter }
        func isLower(_ c: Character) -> Bool { c.isASCII && c.isLowercase }
        // 1. Round brackets become spaces.
        var chars = Array(name.map { $0 == "(" || $0 == ")" ? " " : $0 })
        // 2. A non-word character followed by a letter and then a lower-case letter becomes a space.
        var i = 0
        while i + 2 < chars.count {
            if !isWord(chars[i]) && isLetter(chars[i + 1]) && isLower(chars[i + 2]) {
                chars[i] = " "
                i += 3
            } else {
                i += 1
            }
        }
        // 3. Split on white space; other non-word characters become underscores.
        var words = String(chars).split(whereSeparator: { $0.isWhitespace }).map { word in
            String(word.map { isWord($0) ? $0 : "_" })
        }
        guard !words.isEmpty else { return "" }
        // 4. Leading digits of the first word move to its end.
        let digits = words[0].prefix(while: { $0.isASCII && $0.isNumber })
        words[0] = String(words[0].dropFirst(digits.count)) + digits
        // 5, 6. Capitalise each word and join.
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A lower-camel-case Swift identifier for a normalised name (`IVCounterNonce` ->
    /// `ivCounterNonce`, `AES` -> `aes`, `PKCS_11` -> `pkcs_11`), escaped if it is a keyword.
    public static func memberName(_ normalized: String) -> String {
        let chars = Array(normalized)
        let upperRun = chars.prefix(while: { $0.isUppercase }).count
        var lowered = upperRun
        if upperRun > 1 && upperRun < chars.count && chars[upperRun].isLowercase { lowered -= 1 }
        let name = String(chars.prefix(lowered)).lowercased() + String(chars.dropFirst(lowered))
        return keywords.contains(name) ? "`\(name)`" : name
    }

    /// A Swift type name for a normalised set name.
    public static func typeName(_ normalized: String) -> String {
        reservedTypeNames[normalized] ?? normalized
    }

    /// Set names that would shadow hand-written KMIPSpec types or common Swift types.
    static let reservedTypeNames: [String: String] = [
        "Tag": "TagEnumeration",
        "ItemType": "ItemTypeEnumeration",
    ]

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
        "init", "inout", "internal", "let", "open", "operator", "private", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case",
        "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in",
        "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil",
        "super", "self", "throw", "throws", "true", "try", "any", "some", "Type", "none",
    ]
}
