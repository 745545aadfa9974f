"""The demo newsroom as data: its staff, a running war live blog and an
election-night blog that has ended. `manage.py load_demo` loads it.

Everything here was written for Newsline. Figures and events are summarised
from public reporting in our own words; the named people who are quoted, and
their words, are invented for the demo (the opening post says so to readers).

Times are offsets back from the moment of loading (`ago`), so the demo always
reads as current. Posts are listed oldest first, the order they are published.
Bodies use only the tags liveblogs.richtext allows; a blockquote whose last
paragraph starts with "— " is shown as attributed.
"""

from datetime import timedelta


def ago(hours: float = 0, minutes: int = 0, days: int = 0) -> timedelta:
    return timedelta(days=days, hours=hours, minutes=minutes)


# Passwords are not data: the command gives every demo account the one demo
# password that `make demo` prints.
STAFF = [
    {
        "username": "editor",
        "email": "editor@example.org",
        "role": "editor",
        "display_name": "Maya Okafor",
        "bio": "Live editor on the world desk. Previously the paper's correspondent in Warsaw.",
    },
    {
        "username": "reporter",
        "email": "reporter@example.org",
        "role": "reporter",
        "display_name": "Daniel Reyes",
        "bio": "Defence reporter covering air power, drones and the arms industry.",
    },
    {
        "username": "reporter2",
        "email": "reporter2@example.org",
        "role": "reporter",
        "display_name": "Ilse Marchetti",
        "bio": "Reports from Kyiv and eastern Ukraine. Speaks Ukrainian and Polish.",
    },
    {
        "username": "contributor",
        "email": "contributor@example.org",
        "role": "contributor",
        "display_name": "Tomasz Wren",
        "bio": "Freelance photographer and stringer in Odesa; files for the desk to check.",
    },
    {
        "username": "admin",
        "email": "admin@example.org",
        "role": "admin",
        "display_name": "Priya Lindqvist",
        "bio": "Managing editor: runs the newsroom's accounts and standards.",
    },
]

# Who is on every demo blog's team (editors and admins need no assignment).
TEAM = ["reporter", "reporter2", "contributor"]


WAR_BLOG = {
    "slug": "ukraine-war-live",
    "headline": (
        "Ukraine war live: air defences ‘stopped seven in ten drones’ since summer, "
        "says air force, as Washington plans final surge in aid"
    ),
    "standfirst": (
        "Kyiv counts the cost of a three-month drone campaign as North Korea completes "
        "its defence pact with Moscow and the government weighs the US election result."
    ),
    "topics": ["Ukraine", "Russia", "Defence"],
    "created_by": "editor",
    "opened_ago": ago(hours=24),
    # The page top: the blog's picture and its "Key points so far".
    "image": {
        "alt": "A flag-coloured field: blue sky over yellow wheat, the demo's drawn picture",
        "caption": "Drawn for the demo",
        "credit": "Newsline",
    },
    "summary": (
        "<ul>"
        "<li>The air force says about seven in ten of some 4,300 attack drones launched over three months "
        "were destroyed; about one in twenty hit its target.</li>"
        "<li>Overnight, 38 drones were shot down and 22 more were <em>lost from radar</em>.</li>"
        "<li>The defence minister has confirmed a first, small-scale clash with North Korean troops.</li>"
        "<li>North Korea has ratified its mutual-defence treaty with Russia.</li>"
        "</ul>"
    ),
    "posts": [
        {
            "ago": ago(hours=23, minutes=50),
            "authors": ["editor"],
            "headline": "Welcome to today’s coverage",
            "body": (
                "<p>Good morning and welcome to our live coverage of the war in Ukraine. Through the day we "
                "will bring you the overnight attack figures, the latest on North Korean troops near the "
                "front line, and how Kyiv is reading the result of the US election.</p>"
                "<p><em>A note on this page: this live blog is demo content written for Newsline. Figures "
                "are summarised from public reporting; the named people quoted here, and their words, are "
                "invented for the demo.</em></p>"
            ),
            # Drawn on loading (load_demo.demo_picture): shows a post's picture, caption and credit.
            "image": {
                "alt": "Demo picture: broad blue and yellow bands, a placeholder for a photograph",
                "caption": "A placeholder drawn for the demo",
                "credit": "Newsline demo",
            },
        },
        {
            "ago": ago(hours=23, minutes=15),
            "authors": ["reporter"],
            "key_event": True,
            "headline": "Overnight: 38 drones shot down and 22 more ‘lost’, air force says",
            "body": (
                "<p>Russia sent another wave of attack drones across Ukraine overnight and fired two missiles "
                "at a region in the south, according to the air force’s morning summary.</p>"
                "<p>Air defence units destroyed 38 of the drones. A further 22 were recorded as lost from "
                "radar, the air force’s phrase for drones that drop off its tracking, usually because "
                "electronic jamming has sent them off course.</p>"
                "<p>The summary did not say what became of the two missiles. Regional officials are "
                "expected to report on damage later this morning.</p>"
            ),
        },
        {
            "ago": ago(hours=22, minutes=30),
            "authors": ["reporter2"],
            "label": "in_full",
            "headline": "The southern governor’s statement after the night’s attack",
            "body": (
                "<p>The head of the southern region’s military administration has just put out a statement "
                "on the missile and drone attack. Here it is in full, in our translation:</p>"
                "<blockquote>"
                "<p>Last night the enemy once again chose to strike at people asleep in their homes. Two "
                "missiles and a group of attack drones were sent towards our region.</p>"
                "<p>Thanks to our air defence crews and the mobile fire teams, most of the drones never "
                "reached their targets. Debris fell on the edge of the regional centre and in two "
                "villages to the north of it.</p>"
                "<p>A warehouse and several private houses were damaged. Rescuers worked through the "
                "night and every fire was out by six o’clock. Nobody was killed. Three people were treated "
                "for cuts from broken glass and have gone home.</p>"
                "<p>I ask everyone not to ignore the air raid alerts, however tired of them you are. The "
                "shelter is not a formality. It is the reason those three people are at home this "
                "morning and not in hospital.</p>"
                "<p>We will repair every house. Glass, roofing felt and timber are already on their way, "
                "and the regional fund will pay for the work. Thank you to everyone who opened their "
                "doors to neighbours last night.</p>"
                "<p>— Halyna Moroz, head of the southern regional military administration</p>"
                "</blockquote>"
            ),
        },
        {
            "ago": ago(hours=21, minutes=35),
            "authors": ["reporter"],
            "label": "analysis",
            "key_event": True,
            "headline": "4,300 drones in three months: what the air force’s figures tell us",
            "body": (
                "<p>The air force’s own tallies give a rough picture of how the drone war has grown since "
                "the summer. Over the last three months Russia launched something like 4,300 long-range "
                "attack drones at Ukraine.</p>"
                "<p>About 71% of them were reported destroyed. Only around 5% struck their targets "
                "directly. Most of the remainder were logged as “lost from radar”, which the air force "
                "puts down mainly to electronic warfare: jamming and spoofing of the drones’ satellite "
                "navigation.</p>"
                "<p>Those numbers are better than they look for Russia, and worse than they look for "
                "Ukraine. A drone that is lost from radar still comes down somewhere, debris from the "
                "ones shot down does damage of its own, and at this volume even one hit in twenty is a "
                "steady drain on the power grid.</p>"
                "<blockquote><p>The drones are cheap and the interceptors are not. Jamming is the only "
                "part of the defence whose cost does not rise with every drone Russia builds.</p>"
                "<p>— Tomas Berg, air defence analyst</p></blockquote>"
            ),
        },
        {
            "ago": ago(hours=20, minutes=40),
            "authors": ["reporter"],
            "label": "explainer",
            "headline": "What does ‘lost from radar’ mean?",
            "body": (
                "<p>Ukraine’s daily air force reports now carry two numbers: drones shot down, and drones "
                "“lost from radar”. The second has grown quickly this year. Three things sit behind it:</p>"
                "<ul>"
                "<li><strong>Jamming.</strong> Many drones find their way by satellite navigation. Drown "
                "out or fake that signal and the drone wanders off course, runs out of fuel or crashes.</li>"
                "<li><strong>Decoys.</strong> Russia launches cheap drones with no warhead alongside the "
                "armed ones, to use up air defence ammunition. Many of them are never meant to arrive.</li>"
                "<li><strong>Drones flying on.</strong> A few cross into Belarus or Russia, or come down "
                "in fields where nobody reports them.</li>"
                "</ul>"
                "<p>“Lost” therefore does not always mean harmless. Officials in several regions have "
                "reported damage from drones that were not shot down but came down short of a target.</p>"
            ),
        },
        {
            "ago": ago(hours=19, minutes=30),
            "authors": ["reporter2"],
            "headline": "‘We fix it, they hit it again’: a week with the crews keeping Ukraine’s lights on",
            "body": (
                "<p>Our Kyiv correspondent spent a week with an energy repair crew in the east. "
                "<a href=\"https://example.org/world/ukraine-grid-repair-crews\">Read the full story</a>.</p>"
            ),
        },
        {
            "ago": ago(hours=18, minutes=20),
            "authors": ["reporter"],
            "label": "breaking",
            "key_event": True,
            "headline": "First clash between Ukrainian and North Korean troops reported",
            "body": (
                "<p>Ukrainian forces have fought their first engagement with North Korean soldiers sent to "
                "Russia, according to a report in a foreign newspaper that cites unnamed officials.</p>"
                "<p>The report describes a small clash in Russia’s Kursk region, where Ukraine has held "
                "ground since the summer and where Pyongyang’s troops are said to have been deployed. "
                "It gives no figures for casualties.</p>"
                "<p>We have not been able to confirm the report independently. Ukraine’s defence ministry "
                "has not yet commented.</p>"
            ),
        },
        {
            "ago": ago(hours=17, minutes=5),
            "authors": ["editor", "reporter"],
            "key_event": True,
            "headline": "Defence minister confirms ‘small-scale’ first clash with North Korean troops",
            "body": (
                "<p>Ukraine’s defence minister has confirmed the first exchange of fire with North Korean "
                "soldiers, speaking in an interview with a foreign television channel.</p>"
                "<p>He described the engagement as small in scale and did not say where exactly it took "
                "place or whether there were casualties on either side.</p>"
                "<p>Kyiv’s allies have warned for weeks that North Korean units were moving towards the "
                "front. The confirmation is the first time a Ukrainian minister has said on the record "
                "that the two armies have met in combat.</p>"
            ),
        },
        {
            "ago": ago(hours=15, minutes=50),
            "authors": ["reporter2"],
            "key_event": True,
            "headline": "North Korea ratifies mutual-defence treaty with Russia",
            "body": (
                "<p>North Korea says it has ratified its treaty with Russia, completing the process on both "
                "sides. The treaty, signed in Pyongyang in June, commits each country to give the other "
                "military help without delay if it comes under armed attack.</p>"
                "<p>How the treaty went through:</p>"
                "<ul>"
                "<li><strong>24 October:</strong> Russia’s lower house, the State Duma, voted to ratify it.</li>"
                "<li><strong>6 November:</strong> the upper house, the Federation Council, approved it.</li>"
                "<li><strong>9 November:</strong> Vladimir Putin signed the ratification into law.</li>"
                "<li><strong>This week:</strong> North Korea’s state media announced ratification by a "
                "decree of Kim Jong Un.</li>"
                "</ul>"
                "<p>The treaty takes effect once the two sides exchange the ratification documents.</p>"
            ),
        },
        {
            "ago": ago(hours=14, minutes=30),
            "authors": ["editor"],
            "kind": "article",
            "label": "opinion",
            "article_author": "Clara Whitfield",
            "article_headline": "Europe cannot wait for Washington to decide Ukraine’s future",
            "article_standfirst": (
                "Whatever the next US administration does, Europe has the money and the factories to keep "
                "Kyiv in the fight. What it lacks is the nerve to say so out loud."
            ),
            "article_url": "https://example.org/opinion/europe-cannot-wait-for-washington",
        },
        {
            "ago": ago(hours=13, minutes=15),
            "authors": ["reporter"],
            "label": "icymi",
            "headline": "Businessman loses appeal against EU sanctions listing",
            "body": (
                "<p>In case you missed it: the EU’s General Court in Luxembourg has dismissed an appeal by "
                "a Russian businessman against his listing under the bloc’s sanctions, which froze his "
                "assets in Europe and barred him from travelling there.</p>"
                "<p>The judges found that the Council of the EU had given enough evidence tying his "
                "companies to supplies for Russia’s armed forces. He can still take the case to the Court "
                "of Justice, the EU’s highest court, on points of law.</p>"
            ),
        },
        {
            "ago": ago(hours=11, minutes=40),
            "authors": ["reporter2"],
            "label": "breaking",
            "headline": "Air raid alert across Kyiv; explosions heard in the city",
            "body": (
                "<p>An air raid alert is in force across the capital and several explosions have been "
                "heard in the last few minutes. The city’s military administration has asked residents to "
                "stay in shelters until the all-clear.</p>"
            ),
        },
        {
            "ago": ago(hours=11, minutes=5),
            "authors": ["reporter2"],
            "headline": "Debris falls in two districts of the capital, city says",
            "body": (
                "<p>The all-clear has sounded in Kyiv. City officials say debris from drones that were shot "
                "down fell in two districts, damaging the roof of a school and several parked cars. There "
                "are no reports of injuries.</p>"
                "<blockquote><p>The school was empty, because the alert came before the first lesson. Our "
                "engineers will inspect the building today and the children will study online "
                "tomorrow.</p><p>— Andriy Koval, spokesperson for the city’s military administration</p>"
                "</blockquote>"
            ),
        },
        {
            "ago": ago(hours=9, minutes=50),
            "authors": ["editor", "reporter2"],
            "pinned": True,
            "key_event": True,
            "headline": "How Kyiv is responding to the US election result",
            "body": (
                "<p><em>We are keeping this post at the top of the page.</em></p>"
                "<p>In public the government has chosen its words with care. The president congratulated "
                "the winner within hours of the result and spoke of working together towards a just and "
                "lasting peace.</p>"
                "<p>In private, officials are more anxious. The president-elect has promised to end the "
                "war quickly without saying how, and ministers fear pressure to give up territory in "
                "exchange for a ceasefire. Diplomats in Kyiv say the government’s priority now is to lock "
                "in as much help as possible before the inauguration in January, and to make its case "
                "directly to the incoming team.</p>"
                "<blockquote><p>Nobody here expects the new administration to think like the old one. The "
                "question is whether we can persuade them that a bad deal now is a bigger war later.</p>"
                "<p>— A senior Ukrainian official, speaking on condition of anonymity</p></blockquote>"
            ),
        },
        {
            "ago": ago(hours=8, minutes=30),
            "authors": ["reporter"],
            "key_event": True,
            "headline": "Washington plans final surge in military aid before the handover",
            "body": (
                "<p>The outgoing US administration intends to spend what is left of the money Congress "
                "set aside for Ukraine before it leaves office in January, according to officials "
                "familiar with the plans.</p>"
                "<p>Several billion dollars in weapons and equipment remain to be delivered, drawn from "
                "US military stocks. The officials said the bottleneck is no longer the money but how fast "
                "the equipment can be shipped and how fast Ukraine can put it to use.</p>"
                "<blockquote><p>There is a difference between announcing aid and delivering it. What "
                "matters is what is in Ukraine by the spring.</p><p>— Rachel Dunmore, senior fellow at a "
                "transatlantic security institute</p></blockquote>"
            ),
        },
        {
            "ago": ago(hours=6, minutes=45),
            "authors": ["reporter2"],
            "headline": "Scheduled power cuts in three regions after strikes on the grid",
            "body": (
                "<p>The national grid operator says households in three regions will have planned power "
                "cuts of up to four hours this evening while engineers repair substations hit in recent "
                "attacks. Hospitals, water pumping stations and other critical sites are exempt.</p>"
                "<p>The operator has asked people to run washing machines and other heavy appliances "
                "outside the peak hours of 5pm to 10pm.</p>"
            ),
        },
        {
            "ago": ago(hours=5, minutes=10),
            "authors": ["editor"],
            "headline": "European foreign ministers to meet on support for Kyiv",
            "body": (
                "<p>Foreign ministers from several European countries will meet next week to discuss how to "
                "keep weapons and money flowing to Ukraine whatever Washington decides. Air defence and "
                "ammunition are expected to top the agenda.</p>"
                "<blockquote><p>The message we want to send is simple: Europe is not waiting for permission "
                "to help Ukraine defend itself.</p><p>— A senior EU diplomat, briefing reporters</p>"
                "</blockquote>"
            ),
        },
        {
            "ago": ago(hours=3, minutes=30),
            "authors": ["reporter2"],
            "headline": "Reporter’s notebook: a night with a mobile fire team",
            "body": (
                "<p>The crew I joined on the outskirts of a central Ukrainian town last week is four men, "
                "a pickup truck and a heavy machine gun bolted to a turntable in the back. Their job is to "
                "shoot down drones that slip past the missiles.</p>"
                "<p>They listen for the engines before they see anything. When the drones come, they come "
                "low, and the men have seconds to find them with a searchlight and fire.</p>"
                "<blockquote><p>You learn the sound. It is like a moped, but it never gets closer to the "
                "ground. When it stops, that is when you worry.</p><p>— Serhiy, 41, the team’s gunner, "
                "who asked that we use only his first name</p></blockquote>"
            ),
        },
        {
            "ago": ago(hours=1, minutes=40),
            "authors": ["reporter"],
            "headline": "Russia claims another village in the east; Kyiv says fighting goes on",
            "body": (
                "<p>Russia’s defence ministry says its forces have taken another village in eastern "
                "Ukraine. Ukraine’s general staff has not confirmed the loss and says fighting continues "
                "in the area.</p>"
                "<p>Claims like this from either side are hard to check quickly. Independent analysts who "
                "track the front using geolocated video usually take a day or more to confirm a change of "
                "control.</p>"
            ),
        },
        {
            "ago": ago(minutes=25),
            "authors": ["editor"],
            "key_event": True,
            "headline": "The day so far",
            "body": (
                "<p>If you are just joining us, here is where things stand:</p>"
                "<ul>"
                "<li>Ukraine’s air force says it destroyed 38 drones overnight and lost 22 more from radar; "
                "two missiles were fired at a southern region, where nobody was killed.</li>"
                "<li>Over three months, about 4,300 attack drones were launched at Ukraine; 71% were "
                "reported destroyed and 5% hit their targets directly.</li>"
                "<li>Ukraine’s defence minister confirmed a first, small-scale clash with North Korean "
                "troops, first reported by a foreign newspaper.</li>"
                "<li>North Korea has ratified its mutual-defence treaty with Russia.</li>"
                "<li>The outgoing US administration plans to speed up deliveries of military aid before "
                "January.</li>"
                "</ul>"
                "<p>We are closing this summary here; stay with us for the rest of the day.</p>"
            ),
        },
    ],
}


ELECTION_BLOG = {
    "slug": "us-election-night-live",
    "headline": "US election night: results as they came in",
    "standfirst": "Polls closed, the counts ran through the night and the networks called the presidency before dawn.",
    "topics": ["US election"],
    "created_by": "editor",
    "opened_ago": ago(days=4, hours=10),
    "closed_ago": ago(days=4, hours=2),
    "posts": [
        {
            "ago": ago(days=4, hours=9, minutes=45),
            "authors": ["editor"],
            "headline": "Polls close in the first states",
            "body": (
                "<p>Voting has ended in the first states in the east of the country, and the count has "
                "begun. We will bring you results, calls and reaction through the night.</p>"
            ),
        },
        {
            "ago": ago(days=4, hours=8, minutes=30),
            "authors": ["reporter"],
            "label": "explainer",
            "headline": "The seven states to watch",
            "body": (
                "<p>Most states are safe for one party or the other. The presidency will be settled in "
                "seven battlegrounds:</p>"
                "<ul><li>Pennsylvania</li><li>Michigan</li><li>Wisconsin</li><li>Georgia</li>"
                "<li>North Carolina</li><li>Arizona</li><li>Nevada</li></ul>"
                "<p>The three in the north, Pennsylvania above all, are the likeliest to decide it.</p>"
            ),
        },
        {
            "ago": ago(days=4, hours=7, minutes=10),
            "authors": ["reporter2"],
            "headline": "Early counts: no surprises in the safe states",
            "body": (
                "<p>The first calls have gone the way the polls said they would. The real story of the "
                "night will be told by the battleground counts, which will take hours.</p>"
            ),
        },
        {
            "ago": ago(days=4, hours=5, minutes=20),
            "authors": ["reporter"],
            "key_event": True,
            "headline": "Trump wins Pennsylvania, networks project",
            "body": (
                "<p>Donald Trump has won Pennsylvania, the largest of the battleground states, according "
                "to projections by the major networks. It leaves him within touching distance of the 270 "
                "electoral college votes he needs.</p>"
            ),
        },
        {
            "ago": ago(days=4, hours=4, minutes=30),
            "authors": ["editor", "reporter2"],
            "headline": "Trump claims victory in speech to supporters",
            "body": (
                "<p>Donald Trump has claimed victory in a speech to supporters in Florida, though the "
                "networks have not yet called the race. Kamala Harris has not spoken tonight; her campaign "
                "says she will address the country later.</p>"
            ),
        },
        {
            "ago": ago(days=4, hours=2, minutes=10),
            "authors": ["editor"],
            "key_event": True,
            "headline": "Trump wins the presidency, networks project; this live blog has ended",
            "body": (
                "<p>Donald Trump has passed the 270 electoral college votes he needs and will return to "
                "the White House in January, the major networks project. Reaction is coming in from "
                "capitals around the world, not least from Kyiv, where the result will be read above all "
                "for what it means for the war.</p>"
                "<p>Thank you for following the night with us. Our coverage of the war continues on "
                "<a href=\"/live/ukraine-war-live/\">our Ukraine war live blog</a>.</p>"
            ),
        },
    ],
}


# Work in progress on the war blog's desk, so the workflow has something to
# show: a contributor's submission waiting for an editor, a reporter's draft,
# and an editor's post scheduled for later. None of it is public.
WAR_BLOG["unpublished"] = [
    {
        "state": "submitted",
        "by": "contributor",
        "headline": "Queues at Odesa's water points after overnight strike on pumping station",
        "body": (
            "<p>Several hundred people were waiting with plastic canisters at three water points in "
            "the city centre this morning, after a strike overnight damaged a pumping station that "
            "serves the southern districts.</p><p>City workers said tankers would run until repairs "
            "are finished, which they expect to take two days.</p>"
        ),
    },
    {
        "state": "draft",
        "by": "reporter",
        "headline": "What the new air defence systems can and cannot stop",
        "body": "<p>Notes so far: range, interceptor stocks, cost per shot. Waiting on the ministry's figures.</p>",
    },
    {
        "state": "scheduled",
        "by": "editor",
        "in_hours": 3,
        "headline": "Summary: the day so far",
        "body": "<p>A round-up of today's main developments, published automatically this evening.</p>",
    },
]

# A blog written in Ukrainian, with its language set: its reader page, feed,
# embed and structured data are in Ukrainian for every reader (docs/i18n.md).
# Fresh text, our own: spring floods in the Carpathian foothills.
FLOOD_BLOG = {
    "slug": "povin-zakarpattia",
    "language": "uk",
    "headline": "Повінь на Закарпатті: онлайн",
    "standfirst": "Після двох діб злив річки Тиса й Латориця вийшли з берегів. Стежимо за евакуацією, "
    "станом дамб і дорогами.",
    "topics": ["Погода", "Україна"],
    "created_by": "editor",
    "opened_ago": ago(hours=9),
    "posts": [
        {
            "ago": ago(hours=8, minutes=40),
            "authors": ["reporter2"],
            "headline": "Рівень води в Тисі зростає",
            "body": (
                "<p>За ніч рівень води в Тисі біля Хуста піднявся майже на два метри. Гідрологи "
                "очікують, що пік прийде до полудня.</p>"
            ),
        },
        {
            "ago": ago(hours=7, minutes=15),
            "authors": ["reporter2"],
            "key_event": True,
            "headline": "Оголошено евакуацію трьох сіл",
            "body": (
                "<p>Обласна влада оголосила евакуацію мешканців трьох прибережних сіл. Людей "
                "розміщують у школах і спортзалах районного центру.</p>"
                "<p>Рятувальники просять брати з собою документи, ліки та зарядні пристрої.</p>"
            ),
        },
        {
            "ago": ago(hours=5, minutes=50),
            "authors": ["reporter"],
            "label": "explainer",
            "headline": "Чому річки піднімаються так швидко",
            "body": (
                "<p>Сніг у горах почав танути саме тоді, коли пішли зливи. Вода стікає схилами за кілька "
                "годин, а русла вузьких гірських річок не встигають її прийняти.</p>"
            ),
        },
        {
            "ago": ago(hours=4, minutes=5),
            "authors": ["editor"],
            "headline": "Траса на Мукачево частково перекрита",
            "body": (
                "<p>Поліція перекрила один смуговий рух на трасі біля Іршави, де вода підмила узбіччя. "
                "Водіям радять об’їзд через Свалявський район.</p>"
            ),
        },
        {
            "ago": ago(hours=2, minutes=30),
            "authors": ["reporter2", "editor"],
            "key_event": True,
            "headline": "Дамба біля Виноградова витримала пік",
            "body": (
                "<p>Найвищий рівень води пройшов повз Виноградів, і дамба витримала. Інженери "
                "продовжують чергувати біля найслабших ділянок.</p>"
            ),
        },
        {
            "ago": ago(minutes=40),
            "authors": ["reporter"],
            "headline": "Волонтери везуть воду й ковдри до пунктів тимчасового розміщення",
            "body": (
                "<p>До шкіл, де ночують евакуйовані, надходять питна вода, ковдри й дитяче харчування. "
                "Координатори кажуть, що найбільше зараз потрібні гумові чоботи.</p>"
            ),
        },
    ],
    "summary": (
        "<ul><li>Евакуйовано мешканців трьох сіл біля Тиси.</li>"
        "<li>Дамба біля Виноградова витримала пік повені.</li>"
        "<li>Траса на Мукачево частково перекрита.</li></ul>"
    ),
}

BLOGS = [ELECTION_BLOG, WAR_BLOG, FLOOD_BLOG]

# A sponsor card between the ended election blog's posts (docs/liveblogs.md,
# "Ad and sponsor slots"): one card, after the third post. The live blogs
# carry none, as a newsroom would keep ads off war and disaster coverage.
DEMO_SLOTS = {
    "blog": ELECTION_BLOG["slug"],
    "every": 3,
    "cap": 2,
    "fill": {
        "kind": "sponsor",
        "name": "Meridian Civic Trust",
        "text": "Supports independent election reporting. Our journalists decide what we cover.",
        "link": "https://example.org/meridian-civic-trust",
    },
}
