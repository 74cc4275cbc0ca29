package demo

// The word lists the generator assembles names and text from. Some entries
// carry accents, other scripts, right-to-left text and emoji so the studio's
// grid, search and escaping are exercised by the demo.

// person is a display name part with an ASCII spelling for email addresses.
type person struct{ display, ascii string }

var firstNames = []person{
	{"Ada", "ada"}, {"Zoë", "zoe"}, {"José", "jose"}, {"Amara", "amara"},
	{"Øyvind", "oyvind"}, {"Priya", "priya"}, {"Liam", "liam"}, {"Mei", "mei"},
	{"Ngọc", "ngoc"}, {"Ayşe", "ayse"}, {"Ólafur", "olafur"}, {"Saoirse", "saoirse"},
	{"Kwame", "kwame"}, {"Lucía", "lucia"}, {"Tomás", "tomas"}, {"Yuki", "yuki"},
	{"Björn", "bjorn"}, {"Fatima", "fatima"}, {"Dmitri", "dmitri"}, {"Chloé", "chloe"},
	{"Noah", "noah"}, {"Ines", "ines"}, {"Rafael", "rafael"}, {"Hana", "hana"},
	{"Emeka", "emeka"}, {"Sofía", "sofia"}, {"Arjun", "arjun"}, {"Maja", "maja"},
}

var lastNames = []person{
	{"Lovelace", "lovelace"}, {"Nguyễn", "nguyen"}, {"García", "garcia"}, {"Okafor", "okafor"},
	{"Haugen", "haugen"}, {"Sharma", "sharma"}, {"O'Brien", "obrien"}, {"Chen", "chen"},
	{"Yılmaz", "yilmaz"}, {"Jónsson", "jonsson"}, {"Mensah", "mensah"}, {"Müller", "muller"},
	{"Tanaka", "tanaka"}, {"Kowalski", "kowalski"}, {"Dubois", "dubois"}, {"Ivanova", "ivanova"},
	{"Silva", "silva"}, {"Kim", "kim"}, {"Adeyemi", "adeyemi"}, {"Rossi", "rossi"},
	{"Lindqvist", "lindqvist"}, {"Hassan", "hassan"}, {"Novak", "novak"}, {"Park", "park"},
}

var bios = []string{
	"Building plugins on weekends.",
	"Backend developer. SQLite enthusiast 🪶",
	"Moderator. Be kind.",
	"Je code en Go et en TypeScript.",
	"Product designer — I ask about the UX.",
	"Ops person; ask me about backups.",
	"日本語と英語で話せます。",
	"Here for the dark mode debates 🌙",
	"Maintainer of the RSS extension.",
	"Student, learning databases.",
}

var themes = []string{"light", "dark", "system"}
var locales = []string{"en-GB", "en-US", "fr-FR", "de-DE", "ja-JP", "es-ES", "pt-BR"}

// extension is a plugin from the demo app's catalog.
type extension struct {
	id, name string
	versions []string
}

var extensions = []extension{
	{"github", "GitHub", []string{"1.4.2", "2.0.0", "2.1.3"}},
	{"weather", "Weather", []string{"0.9.1", "1.0.0"}},
	{"polls", "Polls", []string{"3.2.0"}},
	{"translate", "Translate", []string{"1.1.0", "1.2.4"}},
	{"reminders", "Reminders", []string{"2.0.1"}},
	{"giphy", "GIPHY", []string{"1.0.3"}},
	{"rss", "RSS Reader", []string{"0.4.0", "0.5.2"}},
	{"calendar", "Calendar", []string{"1.3.0"}},
	{"code-runner", "Code Runner", []string{"0.2.7", "0.3.0"}},
	{"spotify", "Now Playing", []string{"1.0.0"}},
	{"linear", "Linear", []string{"2.4.1"}},
	{"summarize", "Summarize ✨", []string{"0.1.0", "0.2.0"}},
}

var commentBodies = []string{
	"Works great, thanks!",
	"Crashes when the config is empty.",
	"Could you add a setting for the refresh interval?",
	"Installed it in 30 seconds 🚀",
	"The migration to v2 broke my filters.",
	"Très utile, merci !",
	"Does it support PostgreSQL as well as SQLite?",
	"Please make the colours follow dark mode.",
	"Rate limits hit after an hour of use.",
	"Exactly what I needed.",
	"The docs for the JSON config are out of date.",
	"⭐⭐⭐⭐⭐",
}

var topicTitles = []string{
	"Welcome to the community 👋", "Plugin API v2 feedback", "Dark mode everywhere",
	"Show us your setup", "Migration from v1 to v2", "Offline sync roadmap",
	"Bug: search misses accented words", "Weekly release notes", "Self-hosting with SQLite",
	"PostgreSQL or SQLite for small teams?", "Keyboard shortcuts cheat sheet", "Feature requests",
	"Rate limiting in the GitHub extension", "Translations: help wanted 🌍", "Backup strategies",
	"The RSS extension is back", "Accessibility audit results", "Reminders are late by an hour",
	"How do you tag messages?", "Security disclosure policy", "Performance on 1M messages",
	"Off-topic: what are you reading?", "Mobile app beta", "Markdown in messages",
	"Export to CSV", "Polls: anonymous voting", "Code Runner sandbox limits",
	"Calendar time zones 🕐", "Summaries with local models", "Moderation tools",
	"Emoji reactions ❤️", "Notifications are too noisy", "Onboarding checklist",
	"Naming things is hard", "Foreign keys and cascades explained", "Full-text search tips",
	"Data retention and the audit log", "Ideas for the next hackathon", "Café meetup in Lisbon ☕",
	"Archive: old announcements",
}

var tagNames = []string{
	"bug", "feature-request", "question", "announcement", "plugins", "performance",
	"ux", "security", "docs", "help-wanted", "off-topic", "release",
	"sqlite", "postgres", "migrations", "i18n", "good-first-issue", "wontfix",
}

var openers = []string{
	"Has anyone tried", "I think we should look at", "Quick question about",
	"Thanks for the pointer on", "I'm still confused by", "Big +1 for",
	"We just shipped", "Could someone explain", "I ran into a problem with",
	"Here's a workaround for", "Not sure about", "Love",
}

var subjects = []string{
	"the migration to v2", "the new plugin API", "dark mode", "rate limiting",
	"the RSS extension", "offline sync", "the search index", "foreign keys",
	"the audit log", "JSON settings", "keyboard shortcuts", "the release notes",
	"backups", "time zones", "reply threads", "the tag filter", "emoji reactions",
	"the export button", "cascade deletes", "the mobile beta",
}

var endings = []string{
	"?", ".", "!", " 🙂", " 🎉", " — any ideas?", " (asking for a friend).",
	". It works on my machine.", ". Details in the thread.", " 🤔",
}

var followUps = []string{
	"Same here.",
	"Fixed in the latest release.",
	"Can you share the exact error?",
	"I opened an issue for it.",
	"See the docs, section 3.",
	"This took me a while to figure out.",
	"Merci, ça marche très bien !",
	"Danke für die schnelle Antwort.",
	"¿Alguien probó la extensión del clima?",
	"日本語のドキュメントはありますか？",
	"Спасибо, всё работает.",
	"שלום לכולם, תודה!",
	"Naïve question: does the café meetup need a ticket?",
	"Tested on SQLite 3.46 and PostgreSQL 15.",
}

// hostileBody is stored once, so the studio proves it escapes what it shows.
const hostileBody = `Does the preview escape HTML? <script>alert(1)</script> & "quotes" 'too'`
