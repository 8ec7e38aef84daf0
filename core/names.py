"""Names of administrative units: the word of the unit's type that opens its name
("Phường Xuất Hóa", "Thành phố Bắc Kạn"), written as Vietnamese writes it: a
capital on the first word only. The national lists capitalise some type words
("Thành Phố Bắc Kạn", "Thị Trấn Châu Ổ"); names are stored as canonical_name
gives them."""

# The longest first where one opens another ("Thị xã" before "Xã" is not needed: a
# name opens with the whole word and a space).
TYPE_WORDS = ("Thành phố", "Tỉnh", "Phường", "Xã", "Thị trấn", "Đặc khu", "Quận", "Huyện", "Thị xã")


def type_word(name: str) -> str:
    """The type word that opens ``name`` ("Thành phố"), whatever its case; "" if none."""
    lowered = name.lower()
    for word in TYPE_WORDS:
        if lowered.startswith(word.lower() + " "):
            return word
    return ""


def canonical_name(name: str) -> str:
    """ "Thành Phố Bắc Kạn" → "Thành phố Bắc Kạn": the type word as written, the rest unchanged."""
    name = " ".join(name.split())
    word = type_word(name)
    return word + name[len(word) :] if word else name


def lower_type(name: str) -> str:
    """ "Phường Bắc Kạn" → "phường Bắc Kạn", as a name reads mid-sentence."""
    word = type_word(name)
    return word.lower() + name[len(word) :] if word else name


def place_name(name: str) -> str:
    """ "Thành phố Bắc Kạn" → "Bắc Kạn": the place of a document's date line."""
    word = type_word(name)
    return name[len(word) + 1 :].strip() if word else name
