"""Template functions available in Helm charts (facts: Go text/template builtins, Sprig v3 minus
``env``/``expandenv`` which Helm removes, and Helm's own functions)."""

GO_BUILTINS = """and call html index slice js len not or print printf println urlquery eq ne lt le gt ge""".split()

SPRIG = """
abbrev abbrevboth trunc trim trimAll trimall trimSuffix trimPrefix upper lower title untitle repeat substr nospace
initials randAlphaNum randAlpha randNumeric randAscii swapcase shuffle snakecase camelcase kebabcase wrap
wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent replace plural sha1sum sha256sum
sha512sum adler32sum htmlDate htmlDateInZone date dateInZone date_in_zone date_modify dateModify
mustDateModify must_date_modify ago now toDate mustToDate unixEpoch duration durationRound toString toStrings
atoi int int64 float64 toDecimal seq until untilStep splitList split splitn join sortAlpha regexMatch
mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll
regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta b64enc b64dec
b32enc b32dec add add1 sub div mod mul max min biggest floor ceil round addf add1f subf divf mulf maxf minf
randInt list tuple first mustFirst rest mustRest last mustLast initial mustInitial append push mustAppend
mustPush prepend mustPrepend concat reverse mustReverse uniq mustUniq without mustWithout has mustHas compact
mustCompact mustSlice chunk mustChunk dict get set unset hasKey pluck dig merge mustMerge mergeOverwrite
mustMergeOverwrite keys pick omit values deepCopy mustDeepCopy typeOf typeIs typeIsLike kindOf kindIs
deepEqual default empty coalesce all any fromJson toJson toPrettyJson toRawJson mustFromJson mustToJson
mustToPrettyJson mustToRawJson ternary genPrivateKey derivePassword buildCustomCert genCA genCAWithKey
genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes
bcrypt htpasswd base dir clean ext isAbs osBase osDir osClean osExt semver semverCompare getHostByName
urlParse urlJoin uuidv4 fail sha1sum
""".split()

HELM = """include tpl required lookup toYaml toYamlPretty mustToYaml fromYaml fromYamlArray fromJsonArray
toToml fromToml toTOML""".split()

KNOWN_FUNCTIONS = frozenset(GO_BUILTINS) | frozenset(SPRIG) | frozenset(HELM)
