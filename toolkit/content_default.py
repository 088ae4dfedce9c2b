"""The area review toolkit's built-in content, from the Yorkshire and Humber toolkit (seed 004),
in plain words. An area gets its own copy (toolkit.content.content_for) and adapts it."""

# The groups of people whose experience of planning is compared (the "customer pathways" table).
PEOPLE_GROUPS = [
    {"name": "Someone new to the area or new to services", "detail": ""},
    {"name": "Someone living with older carers", "detail": ""},
    {"name": "Young people from Year 9", "detail": "Year 9 is when reviews start to look at the move to adult life."},
    {
        "name": "People using services run by the council itself",
        "detail": "Day services, supported living, registered care homes, nursing care and short breaks.",
    },
    {
        "name": "People using services from outside or independent providers",
        "detail": "Day services, supported living, registered care homes and nursing care.",
    },
    {
        "name": "People coming home who live outside the area",
        "detail": "People whose home or support is in another area and who are moving back.",
    },
    {"name": "People with complex needs", "detail": ""},
    {"name": "People who have offended", "detail": "Both people in custody and people living in the community."},
    {"name": "People from Black and minority ethnic groups", "detail": ""},
    {"name": "Autistic people", "detail": ""},
]

# The five steps of the pathway, in order.
STEPS = [
    {
        "code": "everyone",
        "name": "How planning happens for everyone",
        "about": "This is about how people get the chance to use person-centred planning and other person-centred ways of working.",
        "questions": [
            "How are people offered the chance to plan?",
            "What is the process for asking for planning, or being put forward for it, if there is one?",
            "How does planning start?",
            "Are there waiting lists for planning?",
            "Are there local people, paid and unpaid, who are skilled at helping people to plan?",
            "Is there help and information for people who want to plan by themselves or with help from family and friends?",
            "If someone belongs to a group that the national plan for people with learning disabilities (Valuing People Now) says to put first, does that automatically lead to them being offered a plan?",
            "Are person-centred reviews happening?",
            "Are person-centred thinking tools (the simple questions that planning is built on) used in day-to-day support as well as in planning?",
        ],
        "think_about": [
            "Person-centred planning should be open to everyone, with help to make a plan with outcomes (what the person wants to achieve); to do this well we must pay particular attention to including everyone, especially the people the national plan (Valuing People Now) names as most left out.",
            "Making sure that everyone has the chance to have a plan.",
            "Committing to person-centred reviews that focus on outcomes happening for everyone.",
            "Making sure that planning for a person's health is done in a person-centred way.",
            "Using person-centred thinking tools to write individual education plans and personalised learning plans for young people preparing for adult life, including person-centred reviews from Year 9.",
            "Understanding that there needs to be local information for people who want to write their own support plan without help, and guides to help people and families with person-centred planning over the longer term.",
        ],
        "ideas": [
            "Make sure coaching and mentoring are available to all support teams, to help them build person-centred thinking and planning skills.",
            "Be clear that person-centred approaches are a basic part of every job, and say so in every job description.",
            "Regularly look again at the chances people have to plan, by following step by step the route different people take through services.",
            "Build strong partnerships with health teams, so they understand person-centred planning and how to work together on planning for people's health.",
            "Expect person-centred reviews to set out clearly what the person wants to achieve, and use this as the standard way to review services, support and individual budgets (money set aside for a person's support).",
            "Commit to planning that focuses on outcomes as the usual way of working for all support teams.",
            "Have a range of resources for people and families, such as a local guide to writing your own support plan that is accessible, easy to use and matches what the council looks for before it agrees a support plan.",
        ],
        "examples": [
            {
                "place": "North East Lincolnshire",
                "text": "There is really good support for young people leaving school or college, using person-centred reviews and one-page profiles, with strong partnership working with the services that help young people move into adult life, including education, children's services and Connexions (the advice and careers service for young people). The person-centred planning team works with the care management (social work) team and links with the team for children in care, so people can quickly be put in touch with the right help when their plan shows what they want to achieve. The area is committed to offering people who are not eligible for adult social care the chance to have a person-centred plan, a health action plan (a plan for staying healthy) and help to find out what the local community offers; there are examples of people now using local community facilities as a result.",
            },
            {
                "place": "Calderdale",
                "text": "There is a lot of planning with children and young people, focused on planning for life rather than for services. The council paid for the Big Plan process, and young people who took part had very different outcomes from those who did not, showing it to be a useful approach. Children in mainstream schools who have a statement of special educational needs (what came before today's Education, Health and Care plan) have person-centred reviews.",
            },
        ],
    },
    {
        "code": "support",
        "name": "Who is supporting person-centred planning and approaches",
        "about": "This is about who helps people to plan, and how the people who support them learn and develop.",
        "questions": [
            "Who offers planning to people and makes sure they have the help they need to plan?",
            "What resources are there? Is a range of planning tools used, and which ones?",
            "How are people who are expected to work in a person-centred way helped to understand the values behind any tool or way of planning?",
            "How are the people who lead plans and person-centred reviews trained and supported?",
            "How are the people who use person-centred thinking tools trained and supported?",
        ],
        "think_about": [
            "Making sure a range of people have the skills to work in a person-centred way, by making person-centred planning and approaches part of everyone's job description and making sure they are understood by all the different professionals who work together.",
            "Investing in person-centred thinking and building up local skills, through champions and mentoring, to back up this way of working.",
            "Making sure staff supervision and appraisals (regular meetings with a manager and yearly reviews of their work) help workers to celebrate what is working, and to explore how to help the people they support achieve their own outcomes.",
            "Building on person-centred planning to look at support planning as part of personalisation (people having choice and control over their own support); this may include resources for people to plan for themselves, and contacts for peer supporters (people with similar experience) and community organisations who can help.",
        ],
        "ideas": [
            "Make sure everyone has had help to understand person-centred approaches and how to use them in their daily work.",
            "Find and support skilled, experienced people who lead planning, so they can coach and mentor others across services, including where people choose and arrange their own support.",
            "Raise awareness of support planning, and offer support to all local peer support networks and community organisations.",
            "Make sure managers champion person-centred approaches and work hard to build this culture, showing how services and support change as a result of listening to people.",
            "Talk about the outcomes from person-centred plans and support plans in supervision and appraisals.",
        ],
        "examples": [
            {
                "place": "North Yorkshire",
                "text": "A commitment to person-centred reviews in the council's own services and in some outside providers has raised awareness of person-centred values and thinking among staff. Some colleges lead and take responsibility for person-centred planning; where this has happened it has worked well, and has helped young people, their families and professionals to plan ahead earlier. A training programme for health, education and council staff who help young people move into adult life has taught them about person-centred approaches and planning.",
            },
            {
                "place": "Barnsley",
                "text": "To back up personalisation and real choice for people and families, the area has explored and supported a range of ways to help people arrange their own support, including community organisations and local volunteer networks that help people who are directing their own support.",
            },
            {
                "place": "Rotherham",
                "text": "Hilltops School is doing really good work on helping young people prepare for adult life, which the school is proud of. This includes a curriculum shaped around each young person, and is about to be shared with other schools. The school uses person-centred thinking tools and holds person-centred reviews. The area also offers coaching and mentoring to teams in adult services to help them develop person-centred support.",
            },
        ],
    },
    {
        "code": "works",
        "name": "Making sure it works for people",
        "about": "This is about reviewing and keeping track of planning and what it achieves for people.",
        "questions": [
            "Who keeps track of person-centred planning, and what do they look at?",
            "Is it clear whether people's outcomes (what they want to achieve) are being met or not?",
            "How are each person's outcomes reviewed?",
            "How does the area make sure that what it learns from planning, about what works and what does not, is shared and then shapes its plans for training and developing staff?",
        ],
        "think_about": [
            "Having 'good paper' (Michael Smull's phrase for a well-written plan) should not be the main result of person-centred planning, because a good document does not guarantee that the plan is acted on; planning must work for people and families, with the focus on actions and outcomes for the person.",
            "Making sure people's person-centred plans, outcomes and actions are clearly the basis of their support.",
            "Holding person-centred reviews with everyone who uses services, and reviews focused on outcomes with people who have personal budgets (money set aside for their support).",
            "Helping staff and personal assistants understand that they are answerable to the person and to the outcomes the person wants.",
            "Making sure organisations clearly support staff to help people achieve their outcomes.",
            "Making it possible for people and families to take part in how workers are supervised and developed.",
            "Committing to people not living outside the area unless they have chosen to with full information, because local services can support them well.",
        ],
        "ideas": [
            "Have clear ways for people with a plan to review their action plan regularly and get help to achieve their outcomes.",
            "Where it fits, encourage and help circles of support (the family, friends and others around the person) to review the person's action plan regularly and to act alongside the person.",
            "Take every chance to change a person's support and services in response to what person-centred reviews show, and show how services have changed as a result of listening to what people and families tell us.",
            "Record the outcomes from planning clearly, and make sure action plans to help the person achieve them are written and then followed up.",
        ],
        "examples": [
            {
                "place": "Rotherham",
                "text": "The officer who carries out reviews and the person-centred planning coordinator work closely together when checking on outside providers. If the quality of person-centred work is not good enough, training, coaching and mentoring in person-centred approaches are offered.",
            },
            {
                "place": "Kirklees",
                "text": "When person-centred plans are made with young people, their hopes for where they will live and for work in the future are talked about, and they are referred to the team that helps young people move into adult life for support with these. Planning with young people and their families at this time has helped people to direct their own support and design it themselves using direct payments (money paid to the person so they can arrange their own support).",
            },
        ],
    },
    {
        "code": "change",
        "name": "Making sure it creates wider change",
        "about": "This is about learning from people's plans and using that information to shape what the area does in future.",
        "questions": [
            "How does an organisation take note of each person's actions and outcomes?",
            "How is information from plans and reviews reported within the organisation?",
            "What information does the organisation collect from plans and reviews, and how is it used?",
            "Do the common themes from plans and reviews shape the area's long-term planning and its decisions about which services to pay for?",
            "How do people and families come together with senior leaders to influence what is developed and how money is spent?",
        ],
        "think_about": [
            "Person-centred planning has brought good outcomes for individuals, but the chance to learn from plans to shape the area's direction has been missed; the people who decide which services to pay for across the region agree that what people and families say about the support they want in future is vital to long-term planning.",
            "Basing the area's plans for which services to pay for on information from person-centred plans and reviews.",
            "Involving people and families in designing, running and judging their services and support.",
            "Developing local ways for people to influence which services are paid for in future, and to check the quality, development and running of existing services.",
            "Using information from school reviews to plan education and training after 16, future services and support for young people moving into adult life.",
        ],
        "ideas": [
            "Set up a local way to record and review people's hopes and outcomes, and feed this into the area's planning and decisions, for example through the Learning Disability Partnership Board, the people who decide which services to pay for and neighbourhood services, so that the services paid for are based on what people want and need.",
            "Use person-centred planning and thinking tools in support planning and in designing services around each person.",
            "Make sure managers take an active part in working towards outcomes, record each person's outcomes and feed this into their own organisation's planning.",
            "Commit to every review, and every check on how a contract is being delivered, having a clear focus on outcomes.",
            "Every 6 months, bring families, the people supported and managers together to learn from outcomes and check that it works.",
        ],
        "examples": [
            {
                "place": "North Yorkshire",
                "text": "Person-centred reviews for young people preparing to leave school have increased the number of young people found to need social care support when they leave school, and given a better understanding of what young people are looking for. New roles such as the 'bridge builder' take the outcomes from reviews and match them to new opportunities in the community. This work has helped in many ways, including changing people's expectations and opening up new possibilities.",
            },
        ],
    },
    {
        "code": "leadership",
        "name": "Leadership and keeping it going",
        "about": "This is about who leads person-centred planning in the area, who oversees it, and how this should develop in future.",
        "questions": [
            "What leadership is in place for person-centred planning?",
            "Who does the local lead for person-centred planning report to?",
            "What part does the Learning Disability Partnership Board play?",
            "Where has the area got to with personalisation (people having choice and control over their own support)?",
        ],
        "think_about": [
            "Good leadership and clear oversight help make a person-centred approach a core part of supporting people rather than an add-on; as personalisation grows, leadership needs to be about helping people and families have choice and control.",
            "Being clear about who leads person-centred work: thinking, planning and reviews.",
            "Using person-centred thinking tools in everyday work and in team and organisation planning, so the approach is seen as a core part of the job.",
            "Expecting Learning Disability Partnership Boards and their task groups to ask for information about this work and to know what questions to ask.",
            "Recognising that support providers, and the organisations that help people to recruit and manage their own support, may need help with leadership, and making that help available.",
            "Being clear that the local plan for personalisation includes a range of ways to help people arrange their own support, including help with support planning, with a clear action plan for how peer support networks and community organisations can grow to help people who choose and arrange their own support.",
            "Offering local person-centred planning resources, including people who lead planning, to help build support planning help in a range of organisations and networks.",
            "Making sure the local rules for agreeing support plans are clearly based on person-centred approaches and kept simple and clear.",
        ],
        "ideas": [
            "Think about how the Learning Disability Partnership Board shapes and informs the local approach to person-centred planning and approaches, and make changes if needed.",
            "Recognise that Learning Disability Partnership Boards need to keep actively understanding people's hopes and outcomes, and work hard at following how the area responds to them.",
            "Make sure task groups are asked questions that check planning is working for people and that the outcomes of plans and reviews are steering what the area develops.",
            "Make the best use of the skills and knowledge of local people who lead person-centred planning, and make sure they can mentor and coach everyone in understanding person-centred planning and approaches.",
            "Be clear that everyone throughout an organisation understands their part in developing and supporting person-centred planning and approaches, is answerable for people's outcomes, and can show this in their work.",
            "Commit to a clear local vision for person-centred planning and approaches as the foundation for all development and change in self-directed support (people choosing and arranging their own support).",
        ],
        "examples": [
            {
                "place": "North East Lincolnshire",
                "text": "A dedicated team supports person-centred planning. It runs a thorough process to make sure people are offered help to plan, and brings together information about the outcomes each person achieves. This links directly into existing recording and monitoring, including the Learning Disability Partnership Board, and feeds into the area's plan for which services to pay for. Housing information is collected when housing needs are part of a person's planning. The information gathered makes a useful database that shows not just how many people are planning but clear outcomes of planning for people and their families, with evidence of how planning has changed services, including day services. Direct payments (money paid to the person so they can arrange their own support) have increased as a result of person-centred approaches, particularly with young people, and there is a formal route with special schools that includes planning for the future. The person-centred planning coordinator reports to the Board every six months on the outcomes achieved and on trends in support. This leadership works well, and the strong data it collects is an example of good practice.",
            },
            {
                "place": "Leeds",
                "text": "The Leeds Learning Disability Strategy 2009 to 2012 sets out clear aims: all services to have person-centred plans for everyone they support, and plans to be reviewed to make sure outcomes are met and used to shape future decisions about which support and services to pay for.",
            },
        ],
    },
]
