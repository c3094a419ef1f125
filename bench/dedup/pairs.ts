// The labelled set for the near-duplicate detector: invented news items (no sentence comes from
// a real outlet) and pairs of them marked duplicate (one story) or not. Shapes follow what feeds
// deliver: wire copies under different outlet names and age stamps, re-headlined copies,
// edited re-publications, follow-ups on the same event, and unrelated items sharing names.

export interface BenchItem {
  title: string;
  summary: string;
  text: string;
}

export type PairKind =
  | 'syndicated' // one wire text under several outlets: same body, outlet in the title, age stamps
  | 'reheadlined' // same lead, a headline written by the outlet
  | 'edited' // the same report republished with a changed figure or a trimmed sentence
  | 'own-lead' // wire headline kept, lead rewritten by the outlet
  | 'independent' // two newsrooms' own reports of one event
  | 'follow-up' // a later development of the same event: a new story
  | 'shared-names' // different stories about the same people or places
  | 'same-kind' // different events of the same kind (two recalls, two by-elections)
  | 'series'; // a recurring column under one title

export interface LabelledPair {
  a: string;
  b: string;
  duplicate: boolean;
  kind: PairKind;
}

function item(title: string, lead: string, rest = ''): BenchItem {
  return { title, summary: lead, text: rest === '' ? lead : `${lead}\n\n${rest}` };
}

/** A syndicated copy: the outlet's name in the headline and, optionally, an age stamp before the lead. */
function copy(base: BenchItem, title: string, stamp = ''): BenchItem {
  const summary = stamp === '' ? base.summary : `${stamp}\n${base.summary}`;
  return { title, summary, text: stamp === '' ? base.text : `${stamp}\n${base.text}` };
}

const sat = item(
  "North Korea's spy satellite launch ends in mid-air explosion",
  "A rocket carrying North Korea's second military reconnaissance satellite exploded minutes after lift-off from its west coast launch site on Tuesday, South Korea's joint chiefs of staff said. Debris fell into the sea, and Seoul said it had tracked the rocket for about two minutes before it broke apart.",
  "Pyongyang's state news agency later confirmed the failure, blaming a newly developed liquid-fuel engine. Analysts said the launch showed the programme was still struggling despite suspected technical help from Moscow.",
);

const pact = item(
  'Putin and Kim sign mutual defence pact in Pyongyang',
  "Vladimir Putin and Kim Jong Un signed an agreement on Wednesday pledging to come to each other's aid if either country is attacked, the most significant deal between Moscow and Pyongyang in decades. The two leaders talked for nearly two hours at a state guesthouse in the North Korean capital.",
  'Kim called the treaty the start of a new era, while Putin thanked North Korea for what he called its steady support. Washington and Seoul said they would watch closely for any transfer of weapons.',
);

const tennis = item(
  'Elena Marsh pulls out of Paris Open with wrist injury',
  'World number three Elena Marsh has withdrawn from the Paris Open two days before the tournament starts, saying a wrist injury she picked up in Madrid had not healed in time. The 24-year-old had been among the favourites for the title.',
  "Marsh said on social media that she was heartbroken but that doctors had advised at least three weeks of rest.",
);

const tram = item(
  'City council approves 1.2bn tram line to the airport',
  'Councillors voted 31 to 12 on Thursday night to approve a tram line linking the city centre with the airport, ending a decade of debate over the route. Construction is due to start next spring and the line should carry its first passengers in 2029.',
  'Opponents had argued that an express bus would cost a fraction of the price. The council leader said the vote was a once-in-a-generation decision.',
);

const recall = item(
  'Norvik recalls 120,000 cars over faulty airbag sensors',
  'Carmaker Norvik is recalling about 120,000 vehicles worldwide because a sensor fault may stop the front passenger airbag from deploying in a crash, the company said on Monday. Owners of affected models built between 2021 and 2023 will be contacted by letter.',
  'Norvik said it knew of no injuries linked to the fault. Dealers will replace the sensor free of charge in about an hour.',
);

const storm = item(
  'Storm Elin batters coast with 100mph winds, cutting power to thousands',
  'Storm Elin brought gusts of more than 100mph to the west coast overnight, leaving about 80,000 homes without power and closing several main roads because of fallen trees. Forecasters have issued an amber warning for heavy rain through Saturday.',
  'Ferry crossings were cancelled and two schools closed after roof damage. The coastguard said it had rescued a walker cut off by the tide.',
);

const breach = item(
  'Retailer Bramwell says hackers stole data of 2 million customers',
  'Bramwell, the home furnishings chain, said on Wednesday that hackers had accessed names, email addresses and partial card details of about two million customers in an attack on its online shop last month. The company said it had informed the data protection regulator.',
  'Customers have been told to watch for suspicious emails. Bramwell said full card numbers and passwords were not taken.',
);

const planet = item(
  'Astronomers spot water vapour on a planet 120 light years away',
  "A team using the Webb space telescope has detected water vapour in the atmosphere of a rocky planet orbiting a red dwarf star 120 light years from Earth, the first such find for a world of roughly Earth's size. The results were published on Wednesday in the journal Nature Astronomy.",
);

export const items: Record<string, BenchItem> = {
  sat,
  'sat-courier': copy(sat, `${sat.title} - Harbour Courier`, 'Harbour Courier\n3 hours ago'),
  'sat-ledger': copy(sat, `${sat.title} | Northern Ledger`, '4 hours ago'),
  'sat-coastline': copy(sat, `${sat.title} - The Coastline Daily`, 'The Coastline Daily · 3 hours ago'),
  'sat-rehead': item("Rocket blows up minutes after launch, Seoul says, in setback for Kim's space plans", sat.summary, sat.text),
  'sat-own': item(
    "North Korea's spy satellite launch ends in mid-air explosion",
    "Pyongyang's latest bid to put a spy satellite into orbit has failed, with the rocket breaking up over the Yellow Sea shortly after launch. It is the regime's third failure in two years.",
  ),
  'sat-indep': item(
    'North Korean rocket carrying spy satellite explodes after launch',
    "North Korea's attempt to put a second spy satellite into orbit failed on Tuesday when its rocket blew apart shortly after take-off, according to the South Korean military. State media blamed an engine fault.",
  ),
  'sat-vow': item(
    'North Korea vows to launch spy satellite again after failure',
    'North Korea said on Wednesday it would make another attempt to launch a military reconnaissance satellite within months, a day after its rocket exploded over the Yellow Sea. Kim Jong Un ordered engineers to find the cause of the engine failure.',
  ),
  'sat-debris': item(
    "South Korean navy recovers wreckage of North Korea's failed rocket",
    "South Korea's navy has pulled a large piece of the exploded North Korean rocket from the sea off its west coast, the defence ministry said on Thursday, and experts will examine it for signs of foreign components.",
  ),

  pact,
  'pact-courier': copy(pact, `${pact.title} - Harbour Courier`),
  'pact-hyphen': item(
    'Putin and Kim sign mutual defence pact in Pyongyang | The Western Star',
    pact.summary.replace('Kim Jong Un', 'Kim Jong-un'),
    pact.text.replace(/Kim Jong Un/g, 'Kim Jong-un'),
  ),
  'pact-rehead': item("'A new level of alliance': Kim hails treaty as Putin visits", pact.summary, pact.text),
  'pact-leaves': item(
    'Putin leaves Pyongyang for Vietnam after signing pact with Kim',
    'Russian president Vladimir Putin flew to Hanoi early on Thursday after a day of talks in North Korea, where he and Kim Jong Un signed a mutual defence treaty. In Vietnam he is expected to discuss energy and trade deals.',
  ),
  'pact-seoul': item(
    'Seoul summons Russian ambassador over Putin-Kim defence treaty',
    "South Korea's foreign ministry summoned Russia's ambassador on Friday to protest against the defence treaty signed by Vladimir Putin and Kim Jong Un, calling it a threat to security on the peninsula.",
  ),
  'kim-sister': item(
    'Kim Yo Jong warns Seoul over propaganda leaflets',
    "Kim Yo Jong, the powerful sister of North Korea's leader, threatened on Sunday to respond to any new leaflet launches from the South with what she called new countermeasures, according to state media.",
  ),
  'putin-reshuffle': item(
    'Putin names new defence minister in surprise reshuffle',
    'Vladimir Putin has replaced his long-serving defence minister with an economist, the Kremlin said on Sunday, in a reshuffle analysts linked to soaring military spending.',
  ),
  'kim-singer': item(
    'K-pop star Kim Ha-eun announces first world tour',
    'Singer Kim Ha-eun will play 28 cities across Asia, Europe and North America next year, her agency said on Monday, after her debut album topped charts in six countries.',
  ),

  tennis,
  'tennis-courier': copy(tennis, `${tennis.title} - Harbour Courier`, '2 hours ago'),
  'tennis-sport': copy(tennis, `Elena Marsh Pulls Out of Paris Open With Wrist Injury - Sport Today`),
  'tennis-rehead': item("'Heartbroken' Marsh out of Paris with injury", tennis.summary, tennis.text),
  'tennis-back': item(
    'Elena Marsh back on court three weeks after wrist injury',
    'Elena Marsh returned to practice on Monday, three weeks after a wrist injury forced her out of the Paris Open, and said she hoped to play on grass next month.',
  ),
  'marsh-council': item(
    'Marsh wins council seat in Harbourside by-election',
    'Tom Marsh of the Greens won the Harbourside council by-election on Saturday with 41 per cent of the vote, ending thirty years of Labour control of the ward.',
  ),

  tram,
  'tram-ledger': copy(tram, `${tram.title} | Northern Ledger`),
  'tram-rehead': item(
    'Airport tram finally gets green light after ten-year fight',
    'Councillors voted 31 to 12 on Thursday to approve a tram line linking the city centre to the airport, ending ten years of debate over its route. Construction is due to start next spring and the line should carry its first passengers in 2029.',
  ),
  'tram-work': item(
    'Work begins on airport tram line',
    'Construction crews broke ground on the airport tram line on Monday, six months after the city council approved the 1.2bn project. The first section, between the central station and the university, should be finished in 2027.',
  ),
  'tram-harbour': item(
    'Council rejects plan for tram extension to the harbour',
    'The city council voted down a proposal on Tuesday to extend the tram network to the harbour district, saying the 300m cost could not be justified while the airport line is being built.',
  ),

  recall,
  'recall-courier': copy(recall, `${recall.title} - Harbour Courier`, 'Harbour Courier\n4 hours ago\n- Harbour Courier'),
  'recall-ledger': copy(recall, `${recall.title} - Northern Ledger`, 'Northern Ledger\n4 hours ago\n- Northern Ledger'),
  'recall-coastline': copy(recall, `${recall.title} - Coastline Daily`, 'Coastline Daily\n5 hours ago\n- Coastline Daily'),
  'recall-kestrel': item(
    'Kestrel Motors recalls 40,000 SUVs over airbag fault',
    "Kestrel Motors is recalling 40,000 sport utility vehicles because the driver's airbag may deploy with too much force, the road safety regulator said on Friday. No injuries have been reported.",
  ),
  'recall-shares': item(
    'Norvik shares fall 6% after airbag recall',
    'Shares in Norvik fell more than 6 per cent on Tuesday, a day after the carmaker announced the recall of 120,000 vehicles over faulty airbag sensors, as analysts estimated the cost at up to 200m euros.',
  ),

  storm,
  'storm-courier': copy(storm, `${storm.title} - Harbour Courier`),
  'storm-star': copy(storm, `${storm.title} | The Western Star`, '1 hour ago'),
  'storm-rehead': item('Tens of thousands without power as Storm Elin hits', storm.summary, storm.text),
  'storm-edited': item(
    'Storm Elin batters coast with 100mph winds, cutting power to 90,000 homes',
    storm.summary.replace('about 80,000 homes', 'about 90,000 homes'),
    storm.text.replace('about 80,000 homes', 'about 90,000 homes'),
  ),
  'storm-cleanup': item(
    'Clean-up begins after Storm Elin as power returns to most homes',
    'Engineers restored electricity to most of the homes cut off by Storm Elin by Sunday evening, but about 6,000 properties in remote areas could wait until midweek, the network operator said.',
  ),

  breach,
  'breach-breaking': copy(breach, `BREAKING: ${breach.title}`),
  'breach-ledger': copy(breach, `${breach.title} - Northern Ledger`, '6 hours ago'),
  'breach-rehead': item('Two million Bramwell shoppers caught up in cyber attack', breach.summary, breach.text),
  'breach-trimmed': item(
    breach.title,
    'Bramwell, the home furnishings chain, said on Wednesday that hackers had accessed names, email addresses and partial card details of about two million customers in an attack on its online shop last month.',
  ),
  'breach-probe': item(
    'Regulator opens investigation into Bramwell data breach',
    'The data protection regulator said on Friday it had opened a formal investigation into the cyber attack on Bramwell, which exposed details of about two million customers, and could fine the retailer up to 4% of its turnover.',
  ),

  planet,
  'planet-courier': copy(planet, `${planet.title} - Harbour Courier`),
  'planet-star': copy(planet, `${planet.title} | The Western Star`, '3 hours ago'),
  'planet-indep': item(
    'Webb telescope finds signs of water on Earth-sized exoplanet',
    'Scientists say they have found the clearest evidence yet of water in the air of a small rocky world beyond our solar system, after studying it with the Webb telescope for more than 40 hours.',
  ),
  'webb-star': item(
    'Webb telescope marks third year with new image of dying star',
    'To celebrate three years of science operations, the team behind the Webb space telescope released a detailed image on Friday of a dying star shedding shells of glowing gas.',
  ),

  'labour-hold': item(
    'Labour holds Westfield seat in by-election',
    "Labour held the Westfield seat in Thursday's by-election with a reduced majority of 3,400, as turnout fell to 31 per cent.",
  ),
  'labour-lose': item(
    'Labour loses Eastbrook to Liberal Democrats in by-election',
    "The Liberal Democrats took Eastbrook from Labour in Thursday's by-election, overturning a majority of 9,000 on a turnout of 38 per cent.",
  ),
  'labour-hold-courier': copy(
    item(
      'Labour holds Westfield seat in by-election',
      "Labour held the Westfield seat in Thursday's by-election with a reduced majority of 3,400, as turnout fell to 31 per cent.",
    ),
    'Labour holds Westfield seat in by-election - Harbour Courier',
  ),

  'briefing-mon': item(
    'Morning briefing: what you need to know today',
    'Good morning. Train drivers in the south begin a three-day strike today, the central bank publishes its inflation report, and a heatwave warning covers most of the country.',
  ),
  'briefing-tue': item(
    'Morning briefing: what you need to know today',
    'Good morning. The prime minister faces questions over hospital waiting lists, a jury is due to return its verdict in the harbour fraud trial, and the national team names its squad.',
  ),

  'ferry-strike': item(
    'Ferry workers walk out over pay, stranding island passengers',
    'Crews on the island ferry routes began a 48-hour strike on Friday after talks over a pay offer of 3 per cent collapsed, leaving hundreds of passengers looking for other ways to travel.',
  ),
  'ferry-strike-rehead': item(
    'Island ferries halted as crews strike over 3% pay offer',
    'Crews on the island ferry routes began a 48-hour strike on Friday after talks over a pay offer of 3 per cent collapsed, leaving hundreds of passengers looking for other ways to travel.',
  ),
  'ferry-deal': item(
    'Ferry strike called off after workers accept improved pay deal',
    'Island ferry crews have accepted a pay rise of 4.5 per cent and called off further strikes, their union said on Monday, a week after a walkout stranded hundreds of passengers.',
  ),
  'tennis-dateline': item(
    'Marsh withdraws from Paris Open',
    `PARIS, May 23 (Wire Service) - ${tennis.summary}`,
  ),
  'tram-rehead2': item(
    'Airport tram line wins council approval',
    'Councillors backed the airport tram line by 31 votes to 12 on Thursday night, ending a decade of debate over the route. Building work should start next spring, and the line should carry its first passengers in 2029.',
  ),
  'storm-updated': item(
    'Storm Elin: 80,000 homes without power after 100mph gusts',
    `Updated at 07:40. ${storm.summary}`,
  ),
  'breach-update': item(
    'Retailer Bramwell says hackers stole data of 2.3 million customers',
    breach.summary.replace('about two million customers', 'about 2.3 million customers, more than first thought,'),
  ),
  quake: item(
    'Magnitude 6.1 earthquake strikes off northern Japan coast',
    'An earthquake of magnitude 6.1 struck off the coast of northern Japan on Monday morning, the meteorological agency said, shaking buildings across the region but prompting no tsunami warning.',
  ),
  'quake-courier': item(
    'Magnitude 6.1 earthquake strikes off northern Japan coast - Harbour Courier',
    'An earthquake of magnitude 6.1 struck off the coast of northern Japan on Monday morning, the meteorological agency said, shaking buildings across the region but prompting no tsunami warning.',
  ),
  'quake-second': item(
    'Magnitude 5.8 earthquake strikes off northern Japan coast',
    'An earthquake of magnitude 5.8 struck off the coast of northern Japan on Wednesday evening, the meteorological agency said, two days after a stronger tremor in the same area; no tsunami warning was issued.',
  ),
  'market-up': item(
    'FTSE 100 closes higher as miners rally',
    'The FTSE 100 closed 0.6% higher on Monday, lifted by mining shares as metal prices rose, while the pound slipped against the dollar.',
  ),
  'market-down': item(
    'FTSE 100 closes lower as banks slide',
    'The FTSE 100 closed 0.4% lower on Tuesday, dragged down by bank shares after weak lending figures, while the pound rose against the dollar.',
  ),
  'club-win': item(
    'Harbour City beat Westfield 2-1 to go top of the league',
    'Harbour City went top of the league on Saturday after a late goal from Sam Okoro gave them a 2-1 win over Westfield.',
  ),
  'club-draw': item(
    'Harbour City held 1-1 by Eastbrook',
    'Harbour City were held to a 1-1 draw by Eastbrook on Wednesday, with Sam Okoro scoring for the second game running.',
  ),
};

const d = (a: string, b: string, kind: PairKind): LabelledPair => ({ a, b, duplicate: true, kind });
const n = (a: string, b: string, kind: PairKind): LabelledPair => ({ a, b, duplicate: false, kind });

export const pairs: LabelledPair[] = [
  d('sat', 'sat-courier', 'syndicated'),
  d('sat', 'sat-ledger', 'syndicated'),
  d('sat-courier', 'sat-coastline', 'syndicated'),
  d('sat-ledger', 'sat-coastline', 'syndicated'),
  d('sat', 'sat-rehead', 'reheadlined'),
  d('sat-courier', 'sat-rehead', 'reheadlined'),
  d('sat', 'sat-own', 'own-lead'),
  d('sat', 'sat-indep', 'independent'),
  n('sat', 'sat-vow', 'follow-up'),
  n('sat', 'sat-debris', 'follow-up'),
  n('sat-vow', 'sat-debris', 'follow-up'),
  n('sat-vow', 'kim-sister', 'shared-names'),

  d('pact', 'pact-courier', 'syndicated'),
  d('pact', 'pact-hyphen', 'syndicated'),
  d('pact-courier', 'pact-hyphen', 'syndicated'),
  d('pact', 'pact-rehead', 'reheadlined'),
  n('pact', 'pact-leaves', 'follow-up'),
  n('pact', 'pact-seoul', 'follow-up'),
  n('pact-leaves', 'pact-seoul', 'follow-up'),
  n('pact', 'kim-sister', 'shared-names'),
  n('pact', 'putin-reshuffle', 'shared-names'),
  n('pact-leaves', 'putin-reshuffle', 'shared-names'),
  n('kim-sister', 'kim-singer', 'shared-names'),
  n('pact', 'sat-vow', 'shared-names'),

  d('tennis', 'tennis-courier', 'syndicated'),
  d('tennis', 'tennis-sport', 'syndicated'),
  d('tennis-courier', 'tennis-sport', 'syndicated'),
  d('tennis', 'tennis-rehead', 'reheadlined'),
  n('tennis', 'tennis-back', 'follow-up'),
  n('tennis', 'marsh-council', 'shared-names'),
  n('tennis-back', 'marsh-council', 'shared-names'),

  d('tram', 'tram-ledger', 'syndicated'),
  d('tram', 'tram-rehead', 'reheadlined'),
  n('tram', 'tram-work', 'follow-up'),
  n('tram', 'tram-harbour', 'same-kind'),
  n('tram-work', 'tram-harbour', 'same-kind'),

  d('recall', 'recall-courier', 'syndicated'),
  d('recall', 'recall-ledger', 'syndicated'),
  d('recall-courier', 'recall-ledger', 'syndicated'),
  d('recall-ledger', 'recall-coastline', 'syndicated'),
  d('recall-courier', 'recall-coastline', 'syndicated'),
  n('recall', 'recall-kestrel', 'same-kind'),
  n('recall-courier', 'recall-kestrel', 'same-kind'),
  n('recall', 'recall-shares', 'follow-up'),

  d('storm', 'storm-courier', 'syndicated'),
  d('storm', 'storm-star', 'syndicated'),
  d('storm', 'storm-rehead', 'reheadlined'),
  d('storm', 'storm-edited', 'edited'),
  d('storm-star', 'storm-edited', 'edited'),
  n('storm', 'storm-cleanup', 'follow-up'),
  n('storm-rehead', 'storm-cleanup', 'follow-up'),

  d('breach', 'breach-breaking', 'syndicated'),
  d('breach', 'breach-ledger', 'syndicated'),
  d('breach', 'breach-rehead', 'reheadlined'),
  d('breach', 'breach-trimmed', 'edited'),
  n('breach', 'breach-probe', 'follow-up'),
  n('breach-rehead', 'breach-probe', 'follow-up'),

  d('planet', 'planet-courier', 'syndicated'),
  d('planet', 'planet-star', 'syndicated'),
  d('planet', 'planet-indep', 'independent'),
  n('planet', 'webb-star', 'shared-names'),
  n('planet-indep', 'webb-star', 'shared-names'),

  n('labour-hold', 'labour-lose', 'same-kind'),
  d('labour-hold', 'labour-hold-courier', 'syndicated'),
  n('briefing-mon', 'briefing-tue', 'series'),

  d('ferry-strike', 'ferry-strike-rehead', 'reheadlined'),
  n('ferry-strike', 'ferry-deal', 'follow-up'),
  n('ferry-strike-rehead', 'ferry-deal', 'follow-up'),
  n('ferry-strike', 'tram-harbour', 'same-kind'),
  n('recall-shares', 'breach-probe', 'same-kind'),

  d('tennis', 'tennis-dateline', 'reheadlined'),
  d('tram', 'tram-rehead2', 'reheadlined'),
  d('tram-rehead', 'tram-rehead2', 'reheadlined'),
  d('storm', 'storm-updated', 'edited'),
  d('storm-courier', 'storm-updated', 'edited'),
  d('breach', 'breach-update', 'edited'),
  d('breach-ledger', 'breach-update', 'edited'),
  d('quake', 'quake-courier', 'syndicated'),
  n('quake', 'quake-second', 'same-kind'),
  n('quake-courier', 'quake-second', 'same-kind'),
  n('market-up', 'market-down', 'same-kind'),
  n('club-win', 'club-draw', 'shared-names'),
];
