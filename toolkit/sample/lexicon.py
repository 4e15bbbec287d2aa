"""Word lists of the sample's prose: words per topic, the house words and page furniture of each publication.

Rules: pure data (``|`` separates entries; a noun entry ``singular/plural`` gives an irregular plural, a
verb entry ``base/past``, a modal ``singular/plural``); nothing here is random or compiled
(``toolkit.sample.prose`` does both).
Nothing may hold ``#``, ``@``, ``$`` before a letter, a URL, an e-mail address or a quotation mark: the
ground truth records every entity and quotation, and prose and furniture add none. Changing a list
changes the generated corpus (regenerate ``data/sample``).

Example:
    >>> split("bill|tax cut")
    ['bill', 'tax cut']
    >>> sorted(TOPIC_WORDS) == sorted(("politics", "business", "tech", "world"))
    True
"""
from __future__ import annotations

__all__ = ["split", "TOPIC_WORDS", "COMMON", "HOUSE", "OUTLETS", "FURNITURE", "FIRST_NAMES", "LAST_NAMES"]


def split(entries: str) -> list[str]:
    """The entries of a ``|``-separated list, stripped of surrounding white space."""
    return [e.strip() for e in entries.split("|") if e.strip()]


# Per topic: ``subjects`` (plural groups that act), ``nouns``, ``adjectives``, ``verbs`` (base/past).
TOPIC_WORDS: dict[str, dict[str, str]] = {
    "politics": {
        "subjects": "lawmakers|senators|House Republicans|Senate Democrats|party leaders|governors|state officials|"
                    "campaign aides|White House officials|voters|activists|donors|election officials|"
                    "congressional aides|committee members|federal judges|attorneys general|pollsters|"
                    "strategists|delegates|mayors|county clerks|legislators|union members|suburban women",
        "nouns": "bill|measure|proposal|budget|amendment|nomination|investigation|inquiry|hearing|subpoena|veto/vetoes|"
                 "resolution|executive order|spending plan|tax cut|primary|caucus|convention|debate|recount|"
                 "ballot measure|filibuster|confirmation vote|lawsuit|ruling|appeal|indictment|settlement|"
                 "ethics complaint|travel ban|health law|stimulus package|voter ID law|redistricting plan|"
                 "background check|pardon|shutdown|deficit|poll|endorsement|platform|agenda|coalition|majority|"
                 "transition|cabinet pick|rally|fundraiser|ad campaign|town hall|swing state|electoral map|"
                 "approval rating|mandate|runoff|special election|caucus night|superdelegate|write-in campaign|"
                 "gerrymander|absentee ballot|continuing resolution|appropriations bill|oversight panel|"
                 "earmark|loophole|lobbying campaign|vacancy|nominee|caucus rule|recess appointment|"
                 "voter registration drive|polling place|exit poll|attack ad|stump speech|"
                 "campaign finance law|independent counsel|whistleblower|briefing|memo|leak|dossier|"
                 "ethics rule|term limit|statehouse|referendum campaign|pension reform|school voucher|"
                 "sanctuary policy|census count|farm bill|highway bill|defense authorization",
        "adjectives": "bipartisan|partisan|controversial|sweeping|narrow|contentious|federal|conservative|liberal|"
                      "moderate|unpopular|ambitious|stalled|long-awaited|divisive|procedural|symbolic|temporary|"
                      "revised|competing|crucial|unexpected|early|final|legal|political|fragile|aggressive|"
                      "cautious|fierce|quiet|public|private|formal|last-minute|closed-door|statewide|grassroots|"
                      "hard-fought|lopsided|razor-thin|nonpartisan|lame-duck|populist|establishment|"
                      "insurgent|outgoing|incoming|embattled|veteran|freshman|unusual|scathing|muted",
        "verbs": "approve/approved|block/blocked|reject/rejected|delay/delayed|endorse/endorsed|unveil/unveiled|"
                 "criticize/criticized|defend/defended|challenge/challenged|oppose/opposed|support/supported|"
                 "propose/proposed|pass/passed|sign/signed|weaken/weakened|revive/revived|scrap/scrapped|"
                 "investigate/investigated|question/questioned|target/targeted|back/backed|review/reviewed|"
                 "overturn/overturned|push for/pushed for|call for/called for|vote against/voted against|"
                 "campaign on/campaigned on|seize on/seized on|negotiate/negotiated|dismiss/dismissed|"
                 "repeal/repealed|rewrite/rewrote|win/won|lose/lost|hold/held|seek/sought|drop/dropped|"
                 "filibuster/filibustered|stall/stalled|tout/touted|"
                 "subpoena/subpoenaed|censure/censured|confirm/confirmed|certify/certified|audit/audited|"
                 "lobby for/lobbied for|rally behind/rallied behind|distance from/distanced from|"
                 "water down/watered down|fast-track/fast-tracked|shelve/shelved|float/floated",
    },
    "business": {
        "subjects": "investors|analysts|economists|shareholders|executives|traders|retailers|automakers|banks|"
                    "lenders|regulators|consumers|employers|manufacturers|airlines|hedge funds|suppliers|"
                    "board members|labor unions|homebuyers|small businesses|exporters|insurers|drugmakers",
        "nouns": "earnings|revenue|forecast|quarter|merger|acquisition|takeover bid|stake|dividend|share buyback|"
                 "bond sale|interest rate|inflation|growth|supply chain|factory|plant|layoff|hiring freeze|pay raise|"
                 "pension plan|tariff|trade deal|export|import|profit margin|market share|valuation|"
                 "initial public offering|debt|loan|credit line|stock price|outlook|guidance|price war|brand|"
                 "product line|retail chain|store|warehouse|oil price|housing market|mortgage rate|jobs report|"
                 "consumer spending|minimum wage|currency|bond yield|fund|portfolio|balance sheet|payroll|"
                 "shipping cost|inventory|commodity|subsidiary|franchise|recall|antitrust review|"
                 "credit card|pension fund|hedge|futures contract|bankruptcy filing|buyout|joint venture|"
                 "quarterly report|annual meeting|activist investor|board seat|severance package|"
                 "bonus|payout|tax break|subsidy|rebate|price target|short seller|margin call|"
                 "assembly line|trade surplus|trade deficit|freight rate|wholesale price|rent",
        "adjectives": "quarterly|annual|weak|strong|steady|sluggish|volatile|record|modest|sharp|surprising|"
                      "disappointing|higher|lower|global|domestic|rival|struggling|profitable|costly|fresh|bullish|"
                      "bearish|upbeat|gloomy|flat|slower|faster|emerging|cash-rich|debt-laden|year-over-year|"
                      "lackluster|robust|tepid|brisk|cyclical|lucrative|unprofitable|overvalued|undervalued|"
                      "seasonal|inflationary|speculative|publicly traded|family-owned|midsize",
        "verbs": "raise/raised|cut/cut|lower/lowered|boost/boosted|report/reported|post/posted|forecast/forecast|"
                 "acquire/acquired|sell/sold|buy/bought|invest in/invested in|shed/shed|trim/trimmed|beat/beat|"
                 "miss/missed|exceed/exceeded|hike/hiked|weigh/weighed|expand/expanded|close/closed|open/opened|"
                 "restructure/restructured|spin off/spun off|price/priced|downgrade/downgraded|upgrade/upgraded|"
                 "reassure/reassured|rattle/rattled|lift/lifted|drag down/dragged down|outsource/outsourced|"
                 "refinance/refinanced|slash/slashed|double/doubled|"
                 "merge with/merged with|divest/divested|liquidate/liquidated|underwrite/underwrote|"
                 "hedge/hedged|audit/audited|overhaul/overhauled|renegotiate/renegotiated|"
                 "stockpile/stockpiled|outbid/outbid|offload/offloaded|write down/wrote down",
    },
    "tech": {
        "subjects": "engineers|developers|users|advertisers|researchers|hackers|startups|platforms|"
                    "content moderators|privacy advocates|tech companies|app makers|security experts|"
                    "data scientists|early adopters|phone makers|chipmakers|subscribers|creators|gamers|"
                    "venture capitalists|telecom carriers|publishers",
        "nouns": "app|algorithm|update|feature|platform|data breach|password|encryption|software|chip|smartphone|"
                 "server|cloud service|search engine|news feed|timeline|ad network|privacy policy|account|bot|"
                 "vulnerability|patch|operating system|browser|headset|drone|self-driving car|battery|data center|"
                 "startup|funding round|subscription|streaming service|video|livestream|comment section|"
                 "moderation policy|recommendation engine|machine learning model|voice assistant|smartwatch|"
                 "download|outage|network|satellite|firmware|user interface|login page|spam filter|chatbot|"
                 "ad blocker|messaging service|photo filter|"
                 "source code|bug bounty|ransomware attack|phishing scheme|two-factor login|"
                 "hashtag campaign|trending list|follower count|live video feature|virtual reality headset|"
                 "data plan|broadband network|fiber line|semiconductor plant|e-reader|tablet|laptop|"
                 "gig economy|ride-hailing app|delivery robot|facial recognition system|cookie|tracker",
        "adjectives": "digital|online|mobile|encrypted|automated|new|popular|viral|anonymous|open-source|"
                      "proprietary|secure|vulnerable|faster|cheaper|experimental|upcoming|latest|redesigned|fake|"
                      "verified|abusive|wireless|virtual|smart|connected|beta|cloud-based|ad-supported|"
                      "glitchy|user-friendly|clunky|seamless|addictive|invasive|decentralized|"
                      "peer-to-peer|high-speed|low-cost|next-generation|homegrown",
        "verbs": "launch/launched|release/released|test/tested|roll out/rolled out|update/updated|hack/hacked|"
                 "patch/patched|ban/banned|suspend/suspended|remove/removed|flag/flagged|track/tracked|"
                 "collect/collected|encrypt/encrypted|acquire/acquired|shut down/shut down|redesign/redesigned|"
                 "restrict/restricted|monetize/monetized|unveil/unveiled|leak/leaked|delete/deleted|"
                 "verify/verified|disable/disabled|integrate/integrated|debut/debuted|crowdfund/crowdfunded|"
                 "throttle/throttled|sideline/sidelined|"
                 "reverse-engineer/reverse-engineered|open-source/open-sourced|scrape/scraped|"
                 "spoof/spoofed|livestream/livestreamed|archive/archived|index/indexed|"
                 "reboot/rebooted|sunset/sunsetted|beta-test/beta-tested",
    },
    "world": {
        "subjects": "diplomats|protesters|rebels|troops|peacekeepers|refugees|aid workers|opposition leaders|"
                    "foreign ministers|envoys|monitors|villagers|militants|coalition forces|border guards|"
                    "negotiators|election observers|human rights groups|residents|fishermen|students|generals",
        "nouns": "ceasefire|peace deal|sanctions|summit|referendum|election|coup|offensive|airstrike|blockade|"
                 "embassy|border|treaty|accord|humanitarian corridor|aid convoy|refugee camp|parliament|"
                 "coalition government|constitution|protest|crackdown|curfew|evacuation|negotiation|trade pact|"
                 "military base|nuclear program|missile test|visa policy|asylum claim|state of emergency|"
                 "death toll|uprising|no-fly zone|peace process|bailout|austerity plan|central bank|port|pipeline|"
                 "province|militia|junta|exile|truce|monarchy|ferry|checkpoint|"
                 "arms deal|drone strike|famine|cholera outbreak|earthquake|flood|drought|heat wave|"
                 "border fence|migrant route|smuggling ring|prisoner swap|hostage crisis|"
                 "general strike|state visit|trade mission|naval exercise|peace envoy|war crimes tribunal",
        "adjectives": "fragile|bloody|renewed|tense|unprecedented|international|regional|neighboring|armed|"
                      "peaceful|violent|humanitarian|diplomatic|military|nuclear|disputed|contested|interim|exiled|"
                      "embattled|landmark|bilateral|western|eastern|northern|southern|coastal|remote|war-torn|"
                      "mountainous|oil-rich|landlocked|besieged|autonomous|sovereign|secular|"
                      "sectarian|multilateral|transatlantic|postwar|colonial",
        "verbs": "impose/imposed|lift/lifted|sign/signed|violate/violated|condemn/condemned|recall/recalled|"
                 "expel/expelled|deploy/deployed|withdraw from/withdrew from|seize/seized|attack/attacked|"
                 "shell/shelled|evacuate/evacuated|negotiate/negotiated|broker/brokered|host/hosted|"
                 "postpone/postponed|ratify/ratified|annex/annexed|bomb/bombed|besiege/besieged|welcome/welcomed|"
                 "denounce/denounced|suspend/suspended|resume/resumed|extend/extended|accept/accepted|"
                 "mediate/mediated|airlift/airlifted|"
                 "smuggle/smuggled|repatriate/repatriated|intercept/intercepted|fortify/fortified|"
                 "dissolve/dissolved|nationalize/nationalized|rebuild/rebuilt|quarantine/quarantined",
    },
}

# Shared by every topic (each publication sees them in an order of its own).
COMMON: dict[str, str] = {
    "times": "last week|earlier this month|last month|this year|in recent days|in recent weeks|since January|"
             "by the end of the year|late last year|over the weekend|earlier this year|for the first time|"
             "in the spring|this fall|in 2015|in 2012|two years ago|overnight|within hours|next week|"
             "by midnight|at the start of the year|for months|in the coming days|after the election",
    "openers": "However|Still|Meanwhile|At the same time|For now|In a statement|By contrast|Even so|"
               "In recent weeks|Last year|Separately|In an interview|Earlier|As a result|In addition|Privately|"
               "Publicly|Behind the scenes|Until recently|For years|In the meantime|Nonetheless|Already|"
               "Above all|In theory|In practice|Either way|To be sure",
    "report": "argued|noted|warned|acknowledged|insisted|believed|predicted|suggested|complained|conceded|"
              "estimated|feared|hoped|worried|signaled|announced|claimed|maintained|contended|wrote",
    "predicates": "unclear|far from certain|still under review|a top priority|a sticking point|"
                  "widely expected|hard to predict|on hold|in doubt|a major test|"
                  "the subject of intense debate|more complicated than it looks|a long shot|overdue|"
                  "deeply unpopular|largely symbolic|months away|a political headache|within reach",
    "it_preds": "not clear|unclear|uncertain|too early to say|still unknown|an open question",
    "modals": "would|could|might|will|may|should|plans to/plan to|is expected to/are expected to|"
              "is set to/are set to|hopes to/hope to|is unlikely to/are unlikely to|has refused to/have refused to|"
              "has vowed to/have vowed to|is trying to/are trying to|has promised to/have promised to|"
              "wants to/want to|is likely to/are likely to|is poised to/are poised to",
    "conjunctions": "but|and|while|although|because|as|even as|after|before|since|though|so",
    "sources": "people familiar with the matter|two officials|a person briefed on the talks|"
               "documents reviewed by reporters|a senior official|data released this week|a recent survey|"
               "the latest figures|estimates by analysts|court records|a draft of the plan|"
               "public filings|three people with knowledge of the discussions|an internal memo",
    "roles": "a spokeswoman for|a spokesman for|a senior fellow at|an analyst at|the director of|a professor at|"
             "the chief executive of|a lawyer for|a former adviser to|an economist at|a researcher at|"
             "the president of|a board member of|a longtime critic of",
    "institutions": "the Brookings Institution|the University of Michigan|the Heritage Foundation|Goldman Sachs|"
                    "the Pew Research Center|the Council on Foreign Relations|Harvard|the Urban Institute|"
                    "the American Civil Liberties Union|Morgan Stanley|the International Monetary Fund|"
                    "the World Bank|Human Rights Watch|Amnesty International|Forrester Research|"
                    "the Cato Institute|Georgetown University|the Center for American Progress|"
                    "the American Enterprise Institute|Stanford University|Capital Economics",
    "adverbs": "quietly|quickly|narrowly|sharply|abruptly|formally|reluctantly|publicly|privately|"
               "repeatedly|unexpectedly|briefly|effectively|largely|partly|initially|eventually|"
               "ultimately|swiftly|gradually|openly|firmly|tentatively|aggressively|cautiously|"
               "unanimously|overwhelmingly|temporarily|indefinitely|officially|informally|jointly",
    "places": "Ohio|Florida|Pennsylvania|Michigan|Iowa|Wisconsin|Texas|North Carolina|Arizona|Nevada|"
              "Virginia|Georgia|Colorado|New Hampshire|Minnesota|Missouri|Indiana|Kentucky|Tennessee|"
              "Alabama|Louisiana|Oregon|Utah|Kansas|Nebraska|Maine|Vermont|Montana|Alaska|Hawaii|"
              "California|New Jersey|Maryland|Illinois|South Carolina|West Virginia|Milwaukee|"
              "Philadelphia|Detroit|Cleveland|Phoenix|Houston|Atlanta|Denver|Seattle|Boston|Chicago|"
              "Brussels|London|Beijing|Mexico City|Berlin|Paris|Moscow|Tokyo|Seoul|Ankara|Cairo|Kabul|"
              "Baghdad|Damascus|Tehran|Caracas|Havana|Nairobi|Lagos|Johannesburg|New Delhi|Islamabad|"
              "Manila|Jakarta|Canberra|Ottawa|Brasilia|Buenos Aires|Athens|Rome|Madrid|Warsaw|Kiev|"
              "the Midwest|the Rust Belt|Silicon Valley|Wall Street|the Gulf Coast|the West Bank|Gaza|"
              "Crimea|Aleppo|Mosul|the South China Sea",
    "feelings": "concern|support|opposition|interest|pressure|frustration|skepticism|anger|optimism|confusion",
    "degrees": "growing|little|renewed|broad|mounting|widespread|quiet|fresh|deep|bipartisan",
    "tallies": "reported|estimated|counted|spent|lost|raised|added|set aside|received|requested",
}

# Each publication's own words: ``subjects`` (groups, plural) and ``figures`` (one person or body, singular)
# it writes about, ``phrases`` it uses and others do not.
HOUSE: dict[str, dict[str, str]] = {
    "New York Times": {
        "subjects": "Times reporters|administration officials|Democrats|Republicans",
        "figures": "Mr. Trump|Mrs. Clinton|Mr. Obama|Mr. Sanders|Mr. Ryan|Mr. McConnell",
        "phrases": "the Trump administration|a Times analysis|interviews with dozens of people|"
                   "the campaign’s internal deliberations|Mr. Trump’s advisers|Mrs. Clinton’s campaign|"
                   "the Obama administration|the president-elect|a senior administration official|the capital"},
    "Breitbart": {
        "subjects": "establishment Republicans|open borders advocates|globalists|the elites",
        "figures": "the mainstream media|the Washington cartel",
        "phrases": "the establishment|illegal immigration|amnesty|the swamp|the elites|border security|"
                   "the globalist agenda|political correctness|sanctuary cities|the Washington cartel|"
                   "the donor class|the legacy media"},
    "CNN": {
        "subjects": "CNN analysts|political observers|the network’s reporters|CNN’s sources",
        "figures": "the network|CNN",
        "phrases": "a new CNN poll|the network|a CNN town hall|breaking news|the situation in the region|"
                   "CNN’s reporting|a CNN analysis|the State of the Union"},
    "Business Insider": {
        "subjects": "investors|traders|markets|strategists",
        "figures": "Wall Street",
        "phrases": "the stock market|the S&P 500|the Dow|the markets|the data|the bull market|earnings season|"
                   "the yield curve|the chart below|the Nasdaq|a note to clients"},
    "Atlantic": {
        "subjects": "Americans|historians|writers|philosophers|scholars",
        "figures": "the country",
        "phrases": "American democracy|the moral case|the culture war|the national character|the liberal order|"
                   "the country’s founders|identity|the American experiment|civic life|the meaning of citizenship"},
    "Fox News": {
        "figures": "the Obama administration",
        "subjects": "liberals|critics of the administration|law enforcement officials|conservatives|"
                    "Republican lawmakers",
        "phrases": "national security|the email investigation|the Clinton Foundation|law enforcement|"
                   "border security|government overreach|the Obama administration|taxpayers|the liberal media|"
                   "Fox News"},
    "Talking Points Memo": {
        "subjects": "Republican lawmakers|voting rights advocates|Dems",
        "figures": "the GOP|the Trump campaign",
        "phrases": "voting rights|the GOP’s plan|voter suppression|the Russia probe|dark money|the GOP|"
                   "the Trump campaign|the Republican base|the House GOP"},
    "Buzzfeed News": {
        "subjects": "users|trolls|internet users|fact-checkers|fans|influencers",
        "figures": "the internet",
        "phrases": "fake news sites|viral posts|the internet|hoaxes|Facebook pages|misinformation|memes|"
                   "online harassment|screenshots|hyperpartisan pages|engagement"},
    "National Review": {
        "subjects": "conservatives|progressives|liberals|originalists",
        "figures": "the left",
        "phrases": "the Constitution|limited government|liberty|the welfare state|the rule of law|federalism|"
                   "civil society|free markets|the administrative state|religious liberty|the progressive left"},
    "New York Post": {
        "subjects": "cops|neighbors|tenants|straphangers",
        "figures": "City Hall|the mayor",
        "phrases": "the NYPD|City Hall|the Bronx|Brooklyn|the subway|Queens|the de Blasio administration|"
                   "the rent|Manhattan|Staten Island|the MTA"},
    "Guardian": {
        "subjects": "campaigners|Labour MPs|ministers|Tory backbenchers|councils|charities",
        "figures": "the government|Labour",
        "phrases": "the Labour party|the programme|the organisation|the government’s behaviour|the NHS|"
                   "Brexit negotiations|Westminster|the Conservatives|the Home Office|local councils|"
                   "the defence budget|the city centre|a licence"},
    "NPR": {
        "subjects": "listeners|members of Congress|scientists|educators|families|farmers",
        "figures": "the station",
        "phrases": "the podcast|an interview|the program|public radio|rural communities|this story|"
                   "Morning Edition|All Things Considered|the member station|our reporting"},
    "Reuters": {
        "subjects": "sources|analysts|traders|officials|economists|dealers",
        "figures": "the central bank",
        "phrases": "percent|the dollar|the index|shares|bonds|the yuan|crude futures|the euro zone|"
                   "benchmark yields|the central bank|a Reuters poll|sources familiar with the matter"},
    "Vox": {
        "subjects": "experts|researchers|policy wonks|economists|health care experts",
        "figures": "Congress",
        "phrases": "the policy|the basic idea|the evidence|the data|the research|this chart|"
                   "the Affordable Care Act|the filibuster|polarization|the big picture|the political science"},
    "Washington Post": {
        "subjects": "Post reporters|administration officials|senior aides|campaign staffers|lawmakers",
        "figures": "the Post|the administration",
        "phrases": "the Post|the Fact Checker|the Beltway|the administration|Capitol Hill|Pinocchios|"
                   "the Trump campaign|the Clinton campaign|a Post-ABC News poll|the Senate"},
}

# How a publication names itself when someone speaks to it ("X told Reuters: ...").
OUTLETS = {"New York Times": "The New York Times", "Breitbart": "Breitbart News", "CNN": "CNN",
           "Business Insider": "Business Insider", "Atlantic": "The Atlantic", "Fox News": "Fox News",
           "Talking Points Memo": "TPM", "Buzzfeed News": "BuzzFeed News", "National Review": "National Review",
           "New York Post": "The Post", "Guardian": "the Guardian", "NPR": "NPR", "Reuters": "Reuters",
           "Vox": "Vox", "Washington Post": "The Washington Post"}

# Page furniture: ``lead`` prefixes the first paragraph, ``caption`` is a paragraph after it, ``tail`` the last
# paragraph; each with the share of the publication's articles that carry it. ``{name}``: a staff name,
# ``{city}``: a dateline city, ``{num}``: a page number. Raw text; PTB articles get it PTB-tokenized.
FURNITURE: dict[str, dict[str, tuple[float, str]]] = {
    "New York Times": {"caption": (0.3, "Credit {name} for The New York Times"),
                       "tail": (0.5, "A version of this article appears in print on Page A{num} of the New York "
                                     "edition with the headline of the same name.")},
    "Breitbart": {"tail": (0.4, "Follow {name} on Twitter and Facebook.")},
    "CNN": {"lead": (0.7, "(CNN)"), "tail": (0.4, "CNN’s {name} contributed to this report.")},
    "Business Insider": {"caption": (0.4, "{name}/Getty Images"),
                         "tail": (0.5, "Read the original article on Business Insider. Copyright 2016.")},
    "Atlantic": {"caption": (0.3, "{name} / Reuters")},
    "Fox News": {"tail": (0.5, "The Associated Press contributed to this report.")},
    "Talking Points Memo": {"tail": (0.2, "This post has been updated.")},
    "Buzzfeed News": {"caption": (0.5, "{name} / Getty Images")},
    "National Review": {"tail": (0.3, "{name} is a senior writer at National Review.")},
    "New York Post": {"caption": (0.4, "{name}/Getty Images")},
    "Guardian": {"caption": (0.6, "Photograph: {name}/AP")},
    "NPR": {"tail": (0.5, "Copyright 2016 NPR. To see more, visit NPR.")},
    "Reuters": {"lead": (0.8, "{city} (Reuters) -"), "tail": (0.8, "(Reporting by {name}; Editing by {name})")},
    "Vox": {"tail": (0.2, "This article has been updated with new information.")},
    "Washington Post": {"tail": (0.4, "{name} contributed to this report.")},
}

FIRST_NAMES = split("James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|William|Barbara|"
                    "Richard|Susan|Joseph|Jessica|Thomas|Sarah|Charles|Karen|Christopher|Nancy|Daniel|Lisa|"
                    "Matthew|Betty|Anthony|Sandra|Mark|Ashley|Paul|Emily|Steven|Kimberly|Andrew|Michelle|"
                    "Kenneth|Amanda|Joshua|Melissa|Kevin|Deborah|Brian|Stephanie|Jamal|Aisha|Wei|Mei|"
                    "Carlos|Lucia|Ahmed|Fatima|Ivan|Olga|Kwame|Ngozi|Hiroshi|Yuki|Sanjay|Anjali")
LAST_NAMES = split("Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|"
                   "Lopez|Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|"
                   "Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Torres|"
                   "Nguyen|Hill|Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|Carter|Roberts|"
                   "Chen|Patel|Kim|Okonkwo|Novak|Schmidt|Rossi|Haddad|Kowalski|Tanaka|Singh|Osei|Larsen")
