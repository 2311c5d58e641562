#!/usr/bin/env python3
"""Builds the demo city 「江城市」 (Jiangcheng) under data/demo/ from the real 12345 messages.

How to rerun (from the repository root; Python 3.11, standard library only):

    python3 tools/make_demo_data.py                      # reads ../shared/data/cn_12345, writes data/demo
    python3 tools/make_demo_data.py --src DIR --out DIR  # other locations

The output is deterministic: the same input gives byte-identical files (fixed seed, no dict/set order
or str hash() dependence). The product never reads the source data; it only reads data/demo/.

Source: the TipDM Cup 2020 task C data ("智慧政务"), via Rollbear-bot/HelloNLP-TopicC-in-TipDMCup2020
@505edf1 (no licence stated; released for the competition), converted to UTF-8 CSV:
  teddycup2020c_fj1_label_taxonomy.csv               3-level category tree
  teddycup2020c_fj3_messages_with_votes.csv          4,326 citizen messages with votes
  teddycup2020c_fj4_messages_with_official_replies.csv  2,816 messages with the official reply

Writes:
  org.json         the org tree of 江城市 (hotline centre, 4 districts with streets, departments, utilities)
  categories.json  the 3-level category tree with stable codes, lead units, street_level flags, keywords
  messages.jsonl   ~3,000 cleaned, re-placed and masked messages with assigned category/type/district
  citizens.json    ~400 fictional citizens (some repeat callers)

What it does to the messages: keeps only messages about the anonymised capital A市 (drops those naming
other cities B市, K4县 …), rewrites places (A市 → 江城市, 西地省 → 江南省, A1区…A9市 → our four
districts by DISTRICT_OF_SOURCE), masks user ids, personal names next to titles/markers and phone/ID
numbers, strips HTML-ish artefacts and the source's "https://baidu.com/" number placeholders, collapses
whitespace, drops contents shorter than 15 characters and cuts content and reply at 1,500 characters.
The category and case type come from the keyword rules below (CATEGORY_RULES, TypeOf); district from
the source district token, else a place alias, else a deterministic draw.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import html
import json
import random
import re
import zlib
from pathlib import Path

SEED = 12345
TARGET_MESSAGES = 3000
MAX_TEXT = 1500
MIN_CONTENT = 15
MIN_REPLY = 30  # shorter "replies" are acknowledgements ("留言已收悉"), kept as "" (no reply)

CITY = "江城市"
PROVINCE = "江南省"
AREA_CODE = "0799"  # fictional city's phone area code used for every (masked) landline

# --------------------------------------------------------------------------------------------------
# Org tree
# --------------------------------------------------------------------------------------------------

# code, name, name_en, streets: (code suffix, name, name_en)
DISTRICTS = [
    ("jd", "江东区", "Jiangdong District", [
        ("mwd", "马王堆街道", "Mawangdui Subdistrict"),
        ("mpl", "马坡岭街道", "Mapoling Subdistrict"),
        ("dwt", "定王台街道", "Dingwangtai Subdistrict"),
        ("dj", "洞井街道", "Dongjing Subdistrict"),
        ("zjt", "左家塘街道", "Zuojiatang Subdistrict"),
    ]),
    ("jx", "江西区", "Jiangxi District", [
        ("td", "天顶街道", "Tianding Subdistrict"),
        ("xh", "西湖街道", "Xihu Subdistrict"),
        ("xs", "学士街道", "Xueshi Subdistrict"),
        ("yh", "洋湖街道", "Yanghu Subdistrict"),
        ("yld", "月亮岛街道", "Yueliangdao Subdistrict"),
    ]),
    ("gx", "高新区", "Hi-tech Zone", [
        ("my", "暮云街道", "Muyun Subdistrict"),
        ("ghp", "桂花坪街道", "Guihuaping Subdistrict"),
        ("xf", "秀峰街道", "Xiufeng Subdistrict"),
        ("sp", "沙坪街道", "Shaping Subdistrict"),
    ]),
    ("lj", "临江区", "Linjiang District", [
        ("xs", "星沙街道", "Xingsha Subdistrict"),
        ("qt", "泉塘街道", "Quantang Subdistrict"),
        ("ll", "榔梨街道", "Langli Subdistrict"),
        ("hh", "黄花镇", "Huanghua Town"),
        ("as", "安沙镇", "Ansha Town"),
    ]),
]

# The source's anonymised districts/counties → our districts (fixed; roughly balanced by volume).
DISTRICT_OF_SOURCE = {
    "A1": "jd", "A5": "jd",
    "A3": "jx", "A6": "jx",
    "A2": "gx", "A4": "gx", "A8": "gx",
    "A7": "lj", "A9": "lj",
}
# Short distinctive place stems that identify a district even without 街道/镇 (checked by hand).
EXTRA_ALIASES = {
    "jd": ["江东", "马王堆", "五一广场"],
    "jx": ["江西区", "梅溪湖", "洋湖", "月亮岛", "河西", "麓谷"],
    "gx": ["高新区", "暮云"],
    "lj": ["临江", "星沙", "泉塘", "榔梨", "黄花机场"],
}

DEPARTMENTS = [
    ("zfb", "市人民政府办公厅", "General Office of the Municipal Government"),
    ("fgw", "市发展和改革委员会", "Development and Reform Commission"),
    ("jyj", "市教育局", "Education Bureau"),
    ("gxj", "市工业和信息化局", "Industry and Information Technology Bureau"),
    ("gaj", "市公安局", "Public Security Bureau"),
    ("mzj", "市民政局", "Civil Affairs Bureau"),
    ("sfj", "市司法局", "Justice Bureau"),
    ("rsj", "市人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("zrzyj", "市自然资源和规划局", "Natural Resources and Planning Bureau"),
    ("sthj", "市生态环境局", "Ecology and Environment Bureau"),
    ("zjj", "市住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("cgj", "市城市管理和综合执法局", "Urban Management and Law Enforcement Bureau"),
    ("jtj", "市交通运输局", "Transport Bureau"),
    ("slj", "市水利局", "Water Resources Bureau"),
    ("nyj", "市农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("swj", "市商务局", "Commerce Bureau"),
    ("wlj", "市文化广电旅游局", "Culture, Radio, Television and Tourism Bureau"),
    ("wjw", "市卫生健康委员会", "Health Commission"),
    ("tyjr", "市退役军人事务局", "Veterans Affairs Bureau"),
    ("yjj", "市应急管理局", "Emergency Management Bureau"),
    ("scj", "市市场监督管理局", "Market Regulation Administration"),
    ("ybj", "市医疗保障局", "Healthcare Security Administration"),
    ("gjj", "市住房公积金管理中心", "Housing Provident Fund Centre"),
    ("tax", "市税务局", "Taxation Bureau"),
    ("jw", "市纪委监委", "Commission for Discipline Inspection and Supervision"),
]
ENTERPRISES = [
    ("water", "市自来水公司", "Jiangcheng Water Supply Company"),
    ("power", "国网江城供电公司", "State Grid Jiangcheng Power Supply Company"),
    ("gas", "江城燃气集团", "Jiangcheng Gas Group"),
    ("heat", "市热力公司", "Jiangcheng Heating Company"),
    ("bus", "江城公交集团", "Jiangcheng Bus Group"),
    ("metro", "江城轨道交通集团", "Jiangcheng Metro Group"),
]

# --------------------------------------------------------------------------------------------------
# Categories: English names, leads, street_level, keywords
# --------------------------------------------------------------------------------------------------

NAME_EN = {
    "其他": "Other",
    "城乡建设": "Urban and rural construction", "安全生产": "Work safety", "事故处理": "Accidents",
    "安全生产管理": "Safety management", "安全隐患": "Safety hazards",
    "城市建设和市政管理": "Urban construction and municipal services",
    "园林绿化环卫": "Landscaping and sanitation", "城管执法": "City management enforcement",
    "居民服务设施": "Neighbourhood facilities", "城市公共设施": "Public facilities",
    "公共汽车": "Buses", "公园管理": "Parks", "冬季采暖": "Winter heating", "园林绿化": "Greening",
    "地铁城铁": "Metro and light rail", "基础设施": "Roads and infrastructure",
    "小区管理": "Residential compounds", "燃气供应": "Gas supply", "环境卫生": "Sanitation",
    "电力供应": "Power supply", "自来水供应": "Water supply",
    "城乡规划": "Urban and rural planning", "规划方案": "Planning schemes",
    "违章建筑": "Illegal structures", "容积挡光": "Density and daylight",
    "历史名城保护": "Historic city conservation", "规划设计": "Planning and design",
    "村镇建设": "Village and town construction", "新农村建设": "New countryside construction",
    "小城镇建设": "Small towns", "工程质量": "Construction quality",
    "施工安全": "Construction site safety", "抗震防灾": "Earthquake resistance",
    "国有土地上房屋征收与补偿": "Expropriation on state-owned land", "房屋拆迁": "Demolition",
    "审批手续": "Approval procedures", "城镇危房改造": "Dilapidated housing renovation",
    "安置补偿": "Resettlement compensation", "回迁房": "Return resettlement housing",
    "棚户区和城中村改造": "Shanty town and urban village renewal",
    "集体土地上房屋拆迁与补偿": "Demolition on collective land", "建筑市场": "Construction market",
    "工程招投标": "Project bidding", "勘察设计和施工监管": "Design and site supervision",
    "拖欠工程款": "Unpaid construction payments",
    "企业资质和执业资格": "Firm and practitioner qualifications",
    "住房保障与房地产": "Housing security and real estate", "住房公积金": "Housing provident fund",
    "保障性住房": "Affordable housing", "物业服务": "Property management",
    "产权交易": "Property transactions", "房地产开发管理": "Real estate development",
    "住房困难": "Housing hardship", "修缮装修": "Repairs and renovation", "公房": "Public housing",
    "房产证登记、办理": "Property certificates", "房屋租赁": "Rentals",
    "房屋补贴": "Housing subsidies", "房屋评估": "Property valuation",
    "房改政策": "Housing reform policy", "私房": "Private housing", "骗购": "Fraudulent purchase",
    "党务政务": "Party and government affairs", "党的建设": "Party building",
    "制度建设": "Institution building", "组织建设": "Organisation building",
    "作风建设": "Work style", "廉政建设": "Clean government",
    "港澳台侨": "Hong Kong, Macao, Taiwan and overseas Chinese",
    "侨务": "Overseas Chinese affairs", "港澳事务": "Hong Kong and Macao affairs",
    "台湾事务": "Taiwan affairs", "国防外交": "Defence and foreign affairs",
    "外交外事": "Foreign affairs", "军事国防": "National defence",
    "民族宗教": "Ethnic and religious affairs", "宗教事务": "Religious affairs",
    "民族政策": "Ethnic policy", "民族事务": "Ethnic affairs", "群众团体": "Mass organisations",
    "工会工作": "Trade unions", "共青团工作": "Youth League", "妇联工作": "Women's federation",
    "宣传舆论": "Publicity and media", "互联网信息监管": "Internet content regulation",
    "精神文明建设": "Civic culture", "广播影视管理": "Radio, film and TV",
    "出版管理": "Publishing", "新闻管理": "News media", "政治体制": "Political system",
    "统战工作": "United front work", "政治体制改革": "Political reform", "政协工作": "CPPCC",
    "人大工作": "People's congress", "国土资源": "Land and resources",
    "海洋气象地震": "Ocean, weather and earthquakes", "气象": "Weather", "海洋": "Ocean",
    "地震": "Earthquakes", "矿产资源管理": "Mineral resources", "矿山地质环境": "Mine geology",
    "矿产开采": "Mining and quarrying", "地质勘查": "Geological survey",
    "土地征收": "Land expropriation", "土地占地": "Land occupation",
    "失地农民保障": "Landless farmers' security", "土地资源管理": "Land management",
    "耕地保护": "Farmland protection", "土地规划": "Land-use planning",
    "土地转让": "Land transfer", "土地权属纠纷": "Land ownership disputes",
    "环境保护": "Environmental protection", "环保管理": "Environmental administration",
    "生态示范和模范城区创建": "Model eco-city campaigns", "环境监测": "Environmental monitoring",
    "环境资质管理": "Environmental qualifications", "环境执法": "Environmental enforcement",
    "淘汰落后产能补偿": "Capacity phase-out compensation",
    "污染损害纠纷调解": "Pollution damage mediation", "专项资金使用": "Special funds",
    "环境污染": "Pollution", "生态破坏": "Ecological damage",
    "危险化学品污染": "Hazardous chemicals", "噪音污染": "Noise",
    "放射性污染": "Radioactive pollution", "固体污染": "Solid waste",
    "大气污染": "Air pollution", "其他污染": "Other pollution",
    "电磁污染": "Electromagnetic radiation", "水污染": "Water pollution",
    "土壤污染": "Soil pollution", "建设项目审批": "Project environmental approval",
    "未验先用": "In use before acceptance", "环评报告不实": "False impact assessments",
    "未批先建": "Built before approval", "纪检监察": "Discipline inspection",
    "党政处分": "Disciplinary sanctions", "党纪处分": "Party discipline",
    "政纪处分": "Administrative discipline", "干部作风": "Officials' conduct",
    "官僚主义": "Bureaucratism", "形式主义": "Formalism", "奢靡之风": "Extravagance",
    "享乐主义": "Hedonism", "滥用职权": "Abuse of power", "打击报复": "Retaliation",
    "以权谋私": "Abuse of office for gain", "失职渎职": "Dereliction of duty",
    "包庇纵容": "Shielding wrongdoing", "玩忽职守": "Neglect of duty",
    "贪污贿赂": "Corruption and bribery", "买官卖官": "Selling offices",
    "挪用公款": "Misuse of public funds", "贪污": "Graft", "行贿受贿索贿": "Bribery",
    "财产来源不明": "Unexplained assets", "交通运输": "Transport", "出租车管理": "Taxis",
    "经营权转让": "Licence transfer", "运价监管": "Fare regulation",
    "网约车问题": "Ride-hailing", "行业监管": "Industry supervision",
    "建设管理": "Highway construction", "运营权管理": "Operating rights",
    "规费征稽": "Fee collection", "规划建设": "Highway planning and building",
    "设施维护": "Highway maintenance", "公路收费": "Road tolls",
    "客货运输": "Passenger and freight transport", "货物运输": "Freight",
    "物流管理": "Logistics", "旅客运输": "Passenger transport", "运输安全": "Transport safety",
    "邮政管理": "Postal services", "邮政市场监管": "Postal market",
    "邮政行业规划": "Postal planning", "快递市场管理": "Express delivery",
    "经济管理": "Economic affairs", "保险证券期货": "Insurance, securities and futures",
    "期货基金": "Futures and funds", "保险业监管": "Insurance", "证券业监管": "Securities",
    "国资监管": "State assets", "资产流失": "Loss of state assets",
    "企业兼并重组": "Mergers and restructuring", "企业改制": "Enterprise restructuring",
    "宏观调控": "Macroeconomic policy", "经济体制改革": "Economic reform",
    "区域发展": "Regional development", "收入分配": "Income distribution",
    "产业行业政策": "Industrial policy", "金融财税": "Finance and tax",
    "集资融资": "Fundraising", "税收征管": "Taxation", "财政收支": "Public finance",
    "金融管理": "Banking", "非法经济活动": "Illegal financial activity", "能源管理": "Energy",
    "新能源产品研发与推广": "New energy products", "节能降耗": "Energy saving",
    "能源开发供应": "Energy supply", "企业破产": "Bankruptcy",
    "政策性破产": "Policy bankruptcy", "依法破产": "Legal bankruptcy",
    "科技与信息产业": "Science, technology and IT", "电信": "Telecoms",
    "通信保障": "Network coverage", "运营商监管": "Carrier regulation",
    "电信资费": "Telecom charges", "科学技术": "Science and technology",
    "成果鉴定转化": "Research commercialisation", "发展规划": "Development planning",
    "信息化建设": "Digital government", "信息产业发展规划": "IT industry planning",
    "软件行业管理": "Software industry", "互联网运营管理": "Internet services",
    "知识产权": "Intellectual property", "知识产权保护": "IP protection",
    "知识产权申报": "IP applications", "民政": "Civil affairs",
    "福利慈善": "Welfare and charity", "福利事业": "Welfare services",
    "慈善捐助": "Charity donations", "复退安置": "Veteran resettlement",
    "复员干部安置": "Demobilised officers", "转业退伍安置": "Discharged servicemen",
    "军休安置": "Retired military", "基层选举和社区建设": "Local elections and communities",
    "社区建设": "Community building", "村委会选举": "Village elections",
    "居委会选举": "Residents' committee elections", "救灾募捐": "Disaster relief",
    "救灾管理": "Relief management", "捐赠服务": "Donations",
    "民间组织": "Civil society organisations", "社团登记": "Registration",
    "社团管理": "Supervision", "区划地名": "Divisions and place names",
    "区划调整": "Boundary changes", "边界纠纷": "Boundary disputes", "地名管理": "Place names",
    "社会服务": "Social services", "收养登记": "Adoption", "婚姻登记": "Marriage registration",
    "殡葬管理": "Funerals and burials", "生活无着人员救助": "Homeless assistance",
    "社会救助": "Social assistance", "农村低保": "Rural minimum income",
    "城镇低保": "Urban minimum income", "医疗救助": "Medical assistance",
    "特困人员供养": "Extreme poverty support", "优抚": "Veterans' benefits",
    "老退役军人待遇": "Older veterans", "评残及伤残抚恤": "Disability pensions",
    "参试退役人员待遇": "Weapons-test veterans", "参战退役人员待遇": "Combat veterans",
    "生活住房医疗": "Living, housing and medical care",
    "农村农业": "Agriculture and rural affairs", "草原草场": "Grasslands",
    "退牧还草": "Grazing to grassland", "破坏草原": "Grassland damage",
    "征占草场": "Grassland occupation", "村务管理": "Village affairs",
    "集体资产管理": "Collective assets", "村级债务": "Village debts",
    "集体财务公开": "Collective finance disclosure", "村务公开": "Village affairs disclosure",
    "动物防疫": "Animal disease control", "扑杀补偿": "Culling compensation",
    "疫情防控": "Epidemic control", "扶贫开发": "Poverty alleviation",
    "扶贫开发资金使用管理": "Poverty relief funds", "扶贫开发政策": "Poverty relief policy",
    "惠农补贴": "Farm subsidies", "其他补贴": "Other subsidies",
    "农机农资补贴": "Machinery and input subsidies", "粮食直补": "Grain subsidies",
    "良种补贴": "Seed subsidies", "林业管理": "Forestry", "退耕还林": "Farmland to forest",
    "水土流失": "Soil erosion", "森林防火": "Forest fire prevention",
    "国有林业资产管理": "State forest assets", "采伐运输": "Logging",
    "林权改革及权属纠纷": "Forest tenure", "农副产品流通": "Farm produce trade",
    "价格质量": "Price and quality", "运输购销": "Transport and purchasing",
    "粮食储备": "Grain reserves", "农垦农场": "State farms", "职工待遇": "Workers' benefits",
    "经营管理": "Operations", "农资农技": "Farm inputs and extension",
    "农资价格质量": "Farm input prices and quality", "农技推广应用": "Agricultural extension",
    "农村“八大员”问题": "Rural grassroots staff", "水库移民": "Reservoir resettlement",
    "移民补偿安置": "Resettlement of migrants", "后期扶持": "Follow-up support",
    "水利水电": "Water conservancy", "工程建设管理": "Water works",
    "引水调水": "Water diversion", "水事纠纷": "Water disputes",
    "防汛抗旱": "Flood and drought control", "江河湖治理": "Rivers and lakes",
    "土地承包经营": "Land contracting", "宅基地纠纷": "Homestead disputes",
    "土地承包": "Land contracts", "土地流转": "Land-use rights transfer",
    "野生资源管理": "Wild resources", "野生动植物保护": "Wildlife protection",
    "其他野生资源管理": "Other wild resources", "商贸旅游": "Commerce and tourism",
    "旅游管理": "Tourism", "景区管理": "Scenic areas", "旅游市场管理": "Tourism market",
    "商业贸易": "Commerce and trade", "劳务输出": "Labour export",
    "贸易发展战略": "Trade strategy", "进出口管理": "Import and export",
    "市场垄断": "Monopoly", "反倾销": "Anti-dumping", "市场监管": "Market regulation",
    "商标管理": "Trademarks", "不正当竞争": "Unfair competition", "商品质量": "Product quality",
    "广告监管": "Advertising", "中介机构管理": "Agencies and brokers",
    "传销": "Pyramid selling", "物价监督": "Prices", "直销": "Direct selling",
    "质监检验检疫": "Quality inspection and quarantine",
    "特种设备管理": "Special equipment (lifts, boilers)",
    "产品质量监控": "Quality monitoring", "认证认可标准化": "Certification and standards",
    "出入境检验检疫": "Border inspection", "检验检疫": "Inspection and quarantine",
    "卫生计生": "Health and family planning", "公共卫生": "Public health",
    "突发公共卫生事件处理": "Public health emergencies", "疾病预防控制": "Disease control",
    "人口计生": "Population and family planning", "计生执法": "Family planning enforcement",
    "计划生育服务管理": "Family planning services",
    "失独家庭": "Families who lost an only child", "违法生育": "Unlawful births",
    "人口政策": "Population policy", "独生子女父母奖励政策": "One-child parents' benefits",
    "食品药品监管": "Food and drug safety", "食品安全": "Food safety",
    "药品和医疗器械管理": "Drugs and medical devices",
    "保健品化妆品管理": "Supplements and cosmetics", "医患纠纷": "Medical disputes",
    "患者权益": "Patients' rights", "医护人员权益": "Medical staff rights",
    "医疗事故争议": "Malpractice disputes", "医政监管": "Medical administration",
    "医疗技术和服务": "Medical services", "血液管理": "Blood services",
    "非法行医": "Illegal medical practice", "卫生执法": "Health enforcement",
    "医疗收费": "Medical fees", "医疗机构管理": "Medical institutions",
    "医务人员管理": "Medical staff", "政法": "Law and public security",
    "法律服务": "Legal services", "律师": "Lawyers", "法律援助": "Legal aid",
    "司法鉴定": "Forensic appraisal", "公证": "Notarisation", "法制建设": "Rule of law",
    "法制宣传": "Legal education", "立法规划": "Legislation", "司法改革": "Judicial reform",
    "行政复议": "Administrative review", "不服决定": "Contested decisions",
    "复议申请": "Review applications", "决定执行": "Enforcement of decisions",
    "户籍证件": "Household registration and IDs", "户籍管理": "Household registration",
    "出入境管理": "Exit and entry", "流动人口管理": "Migrant population",
    "身份证管理": "ID cards", "交通管理": "Traffic management",
    "交通事故": "Traffic accidents", "机动车和驾驶员管理": "Vehicles and drivers",
    "交通安全管理": "Traffic safety", "警务督察": "Police oversight",
    "超期羁押": "Overlong detention", "警务执法": "Police enforcement",
    "刑讯逼供": "Coerced confessions", "包庇违法违纪人员": "Shielding offenders",
    "社会治安": "Public order", "打黑除恶": "Organised crime",
    "集会游行示威": "Assemblies and protests", "邪教组织": "Cults",
    "黄赌毒": "Gambling, drugs and prostitution", "防范打击恐怖活动": "Counter-terrorism",
    "拐卖人口": "Human trafficking", "治安案件": "Public order offences",
    "走私贩私": "Smuggling", "消防安全": "Fire safety", "诉讼": "Litigation",
    "刑事诉讼": "Criminal litigation", "民事诉讼": "Civil litigation",
    "行政诉讼": "Administrative litigation", "刑案侦破": "Criminal investigation",
    "立案侦查": "Case filing", "强制措施": "Coercive measures", "案件侦破": "Case solving",
    "刑罚执行": "Penalty enforcement", "监狱管理": "Prisons",
    "社区矫正": "Community corrections", "仲裁与调解": "Arbitration and mediation",
    "生效法律文书执行": "Enforcement of judgments", "司法调解": "Judicial mediation",
    "人事仲裁": "Personnel arbitration", "劳动仲裁": "Labour arbitration",
    "民商事仲裁": "Commercial arbitration", "教育文体": "Education, culture and sports",
    "教师队伍和待遇": "Teachers", "企业教师": "Enterprise-school teachers",
    "师资力量": "Teaching staff", "原民办代课教师": "Former substitute teachers",
    "工资福利": "Pay and benefits", "教育行政管理": "School administration",
    "教育经费管理": "Education funding", "学生负担": "Student workload",
    "教学管理": "Teaching", "学历学位学籍管理": "Degrees and student records",
    "校园安全": "Campus safety", "民办学校": "Private schools",
    "语言文字规范": "Language standards", "校外机构管理": "Tutoring institutions",
    "教育收费": "School fees", "收费标准": "Fee standards", "乱收费": "Illegal fees",
    "教育体制": "Education system", "教育统筹管理": "Education coordination",
    "异地升学": "Non-local students' admission", "教育体制改革": "Education reform",
    "教育资源配置": "School places and resources", "考试招生": "Exams and admissions",
    "招生录取": "Admissions", "考场考纪": "Exam discipline", "失学辍学": "Dropouts",
    "教育救助": "Education aid", "希望工程": "Project Hope", "体育": "Sports",
    "体育事业": "Sports services", "运动员权益": "Athletes' rights",
    "体育市场": "Sports market", "体育竞赛": "Sports events", "文化": "Culture",
    "文化体制改革": "Cultural reform", "公共文化": "Public culture",
    "非物质文化遗产": "Intangible heritage", "文化市场与文化执法": "Cultural market enforcement",
    "文化艺术": "Arts", "文物管理": "Cultural relics", "文物保护": "Relic protection",
    "文物鉴定": "Relic appraisal", "劳动和社会保障": "Labour and social security",
    "城镇居民社会保险": "Residents' social insurance",
    "新农村合作医疗": "Rural cooperative medical scheme",
    "城乡居民养老保险": "Residents' pension", "城镇居民医疗保险": "Residents' medical insurance",
    "城镇职工社会保险": "Employees' social insurance", "职工养老保险": "Employees' pension",
    "职工工伤保险": "Work injury insurance", "职工生育保险": "Maternity insurance",
    "职工医疗保险": "Employees' medical insurance", "职工失业保险": "Unemployment insurance",
    "福利待遇": "Benefits", "工资调整": "Wage adjustment", "最低工资标准": "Minimum wage",
    "工资发放": "Wage payment", "就业培训": "Employment and training",
    "就业和再就业": "Employment", "职业培训": "Vocational training",
    "职业技能鉴定": "Skills certification", "劳动保护": "Labour protection",
    "工作时间和休息休假": "Working hours and leave", "女工保护": "Women workers' protection",
    "劳动安全": "Occupational safety", "劳动环境": "Working environment",
    "安全防护": "Protective equipment", "劳动关系": "Labour relations",
    "劳动合同纠纷": "Labour contract disputes", "非法用工": "Illegal employment",
    "农民工权益": "Migrant workers' rights", "劳务派遣纠纷": "Agency work disputes",
    "协议解除劳动关系": "Contract termination", "辞职辞退": "Resignation and dismissal",
    "社保基金管理": "Social security funds", "退休政策及待遇": "Retirement",
    "退休人员待遇": "Retirees' benefits", "内部退养人员待遇": "Early internal retirement",
    "退休政策": "Retirement policy", "退休金发放": "Pension payment",
    "病退及提前退休人员待遇": "Sick and early retirement",
}

# Default lead unit per level-1 node, and per level-2 node where it differs ("L1/L2").
LEAD_L1 = {
    "城乡建设": "zjj", "党务政务": "zfb", "国土资源": "zrzyj", "环境保护": "sthj",
    "纪检监察": "jw", "交通运输": "jtj", "经济管理": "fgw", "科技与信息产业": "gxj",
    "民政": "mzj", "农村农业": "nyj", "商贸旅游": "scj", "卫生计生": "wjw", "政法": "gaj",
    "教育文体": "jyj", "劳动和社会保障": "rsj",
}
LEAD_L2 = {
    "城乡建设/安全生产": "yjj", "城乡建设/城市建设和市政管理": "cgj",
    "城乡建设/城乡规划": "zrzyj", "城乡建设/集体土地上房屋拆迁与补偿": "zrzyj",
    "国土资源/海洋气象地震": "yjj",
    "经济管理/安全生产": "yjj", "经济管理/金融财税": "fgw",
    "科技与信息产业/知识产权": "scj",
    "民政/复退安置": "tyjr", "民政/优抚": "tyjr",
    "农村农业/林业管理": "zrzyj", "农村农业/水利水电": "slj", "农村农业/水库移民": "slj",
    "商贸旅游/旅游管理": "wlj", "商贸旅游/商业贸易": "swj",
    "卫生计生/食品药品监管": "scj",
    "政法/法律服务": "sfj", "政法/法制建设": "sfj", "政法/行政复议": "sfj",
    "政法/诉讼": "sfj", "政法/刑罚执行": "sfj", "政法/仲裁与调解": "sfj",
    "教育文体/体育": "wlj", "教育文体/文化": "wlj", "教育文体/文物管理": "wlj",
}
# Level-3 overrides: "L1/L2/L3" → lead (None keeps the inherited lead).
LEAD_L3 = {
    "城乡建设/城市建设和市政管理/自来水供应": "water",
    "城乡建设/城市建设和市政管理/电力供应": "power",
    "城乡建设/城市建设和市政管理/燃气供应": "gas",
    "城乡建设/城市建设和市政管理/冬季采暖": "heat",
    "城乡建设/城市建设和市政管理/公共汽车": "bus",
    "城乡建设/城市建设和市政管理/地铁城铁": "metro",
    "城乡建设/城市建设和市政管理/小区管理": "zjj",
    "城乡建设/城乡规划/违章建筑": "cgj",
    "城乡建设/住房保障与房地产/住房公积金": "gjj",
    "城乡建设/村镇建设/新农村建设": "nyj",
    "经济管理/金融财税/税收征管": "tax",
    "农村农业/土地承包经营/宅基地纠纷": "zrzyj",
    "政法/仲裁与调解/劳动仲裁": "rsj",
    "政法/仲裁与调解/人事仲裁": "rsj",
    "环境保护/环境污染/噪音污染": "cgj",
    "劳动和社会保障/城镇居民社会保险/新农村合作医疗": "ybj",
    "劳动和社会保障/城镇居民社会保险/城镇居民医疗保险": "ybj",
    "劳动和社会保障/城镇职工社会保险/职工医疗保险": "ybj",
    "劳动和社会保障/城镇职工社会保险/职工生育保险": "ybj",
    "劳动和社会保障/工资福利/住房公积金": "gjj",
    "卫生计生/医政监管/医疗收费": "ybj",
}
# Neighbourhood matters that street offices (街道/镇) normally handle: routing sends them to the
# district sub-centre of the case. Level-2 keys set the flag for the whole node; level-3 keys override.
STREET_LEVEL_L2 = {"城乡建设/村镇建设", "农村农业/村务管理", "民政/基层选举和社区建设"}
STREET_LEVEL_L3 = {
    "城乡建设/城市建设和市政管理/环境卫生": True,
    "城乡建设/城市建设和市政管理/城管执法": True,
    "城乡建设/城市建设和市政管理/园林绿化环卫": True,
    "城乡建设/城市建设和市政管理/居民服务设施": True,
    "城乡建设/城市建设和市政管理/小区管理": True,
    "城乡建设/城乡规划/违章建筑": True,
    "环境保护/环境污染/噪音污染": True,
    "农村农业/土地承包经营/宅基地纠纷": True,
    "民政/社会救助/城镇低保": True,
    "民政/社会救助/农村低保": True,
    "城乡建设/村镇建设/新农村建设": False,
}

# Keyword rules: "L1/L2/L3" → words. A message scores each rule by the words found in its title
# (x3) and content (x1, up to 3 occurrences), longer words weigh more; the best rule wins, ties go to
# the earlier rule. The level-2 routing keywords are drawn from these words too.
CATEGORY_RULES = [
    # 城乡建设 — housing and property
    ("城乡建设/住房保障与房地产/物业服务",
     "物业 业委会 业主委员会 物业费 物管 维修基金 维修资金 电梯 门禁 业主大会 物业公司"),
    ("城乡建设/住房保障与房地产/房地产开发管理",
     "开发商 楼盘 交房 延期交房 烂尾 精装 全装修 预售 捆绑销售 认筹 售楼 商品房 公摊 购房合同 "
     "定金 房价 限购 摇号购房 网签 样板房 车位销售 购房资格 首套 二套"),
    ("城乡建设/住房保障与房地产/房产证登记、办理",
     "不动产证 房产证 产权证 不动产登记 办证 两证 土地证 房屋产权"),
    ("城乡建设/住房保障与房地产/保障性住房",
     "公租房 廉租房 保障房 经适房 经济适用房 人才公寓 共有产权 限价房 限价商品"),
    ("城乡建设/住房保障与房地产/住房公积金", "公积金 公积金贷款 提取公积金"),
    ("城乡建设/住房保障与房地产/房屋租赁", "租房 群租 房东 租客 出租屋 租赁 民宿 短租"),
    ("城乡建设/住房保障与房地产/修缮装修", "装修 漏水 渗水 防水 外墙脱落 墙皮 维修房屋 楼上漏水"),
    ("城乡建设/住房保障与房地产/房屋补贴", "购房补贴 人才购房 租房补贴 房补 安家费"),
    ("城乡建设/住房保障与房地产/房改政策", "房改 房改房 单位房 集资房"),
    ("城乡建设/住房保障与房地产/公房", "公房 直管公房"),
    ("城乡建设/住房保障与房地产/住房困难", "住房困难 无房户 没有住房"),
    ("城乡建设/住房保障与房地产/产权交易", "二手房 过户 交易 契税"),
    # 城乡建设 — municipal services
    ("城乡建设/城市建设和市政管理/自来水供应",
     "停水 自来水 供水 水压 水费 水表 二次供水 水质 没水 用水 自来水公司"),
    ("城乡建设/城市建设和市政管理/电力供应",
     "停电 供电 电压 电费 电表 变压器 电网 电力 跳闸 断电 高压线 供电公司 用电"),
    ("城乡建设/城市建设和市政管理/燃气供应", "燃气 天然气 煤气 液化气 管道气 燃气公司 通气"),
    ("城乡建设/城市建设和市政管理/冬季采暖", "供暖 暖气 采暖 集中供热"),
    ("城乡建设/城市建设和市政管理/公共汽车",
     "公交 公交车 公交线路 公交站 班次 站台 公交集团 线路调整 开通公交 首末班"),
    ("城乡建设/城市建设和市政管理/地铁城铁", "地铁 轨道交通 城铁 磁浮 地铁站 号线"),
    ("城乡建设/城市建设和市政管理/环境卫生",
     "垃圾 卫生 脏乱差 臭 蚊蝇 老鼠 公厕 厕所 环卫 清扫 垃圾站 垃圾桶 垃圾中转站 "
     "垃圾分类 乱扔"),
    ("城乡建设/城市建设和市政管理/城管执法",
     "占道 占道经营 摆摊 流动摊贩 夜宵 烧烤 油烟 广告牌 城管 店外经营 渣土 渣土车 废品 "
     "乱贴 小广告 夜市"),
    ("城乡建设/城市建设和市政管理/园林绿化", "绿化 树木 砍树 草坪 绿化带 树枝 修剪 行道树 砍伐树"),
    ("城乡建设/城市建设和市政管理/公园管理", "公园 游园 广场"),
    ("城乡建设/城市建设和市政管理/城市公共设施",
     "路灯 井盖 下水道 排水 内涝 积水 污水管 雨污 人行道 天桥 地下通道 化粪池 管网 窨井 "
     "公共设施"),
    ("城乡建设/城市建设和市政管理/基础设施",
     "道路 修路 断头路 路面 坑洼 市政 道路建设 修通 提质改造 打通 主干道 路段 修好 完工 开工 动工 "
     "横线 纵线 "
     "道路改造 刷黑 人行横道"),
    ("城乡建设/城市建设和市政管理/小区管理", "小区停车 消防通道 小区管理 小区道路 小区环境 地下车库 车位"),
    ("城乡建设/城市建设和市政管理/居民服务设施",
     "菜市场 农贸市场 充电桩 快递柜 便民 健身器材 社区服务中心 养老服务 加装电梯"),
    # 城乡建设 — planning, demolition, construction
    ("城乡建设/城乡规划/违章建筑",
     "违建 违章建筑 违章搭建 私搭乱建 乱搭乱建 违规搭建 加建 违法建筑 搭建 违法建设 私建 "
     "抢建"),
    ("城乡建设/城乡规划/规划方案",
     "规划 控规 规划调整 变更规划 规划公示 用地性质 规划许可 选址 规划局 建设项目"),
    ("城乡建设/城乡规划/容积挡光", "采光 挡光 日照 间距 容积率 遮挡"),
    ("城乡建设/城乡规划/历史名城保护", "历史建筑 老街 古建筑 历史文化街区 老城区保护"),
    ("城乡建设/国有土地上房屋征收与补偿/房屋拆迁", "拆迁 征收 拆除 征拆 拆迁办 强拆"),
    ("城乡建设/国有土地上房屋征收与补偿/安置补偿", "补偿 安置 拆迁款 补偿款 安置房 补偿标准 过渡费"),
    ("城乡建设/国有土地上房屋征收与补偿/回迁房", "回迁 回迁房"),
    ("城乡建设/国有土地上房屋征收与补偿/棚户区和城中村改造",
     "棚改 棚户区 棚户 城中村 老旧小区改造 老旧小区 有机更新"),
    ("城乡建设/国有土地上房屋征收与补偿/城镇危房改造", "危房 危楼 D级"),
    ("城乡建设/集体土地上房屋拆迁与补偿/房屋拆迁", "集体土地 征地拆迁 村民拆迁 农房拆迁"),
    ("城乡建设/工程质量/其他",
     "房屋质量 墙体开裂 开裂 裂缝 质量问题 偷工减料 工程质量 质量差 空鼓 渗漏 "
     "豆腐渣 质量隐患"),
    ("城乡建设/工程质量/施工安全", "施工安全 工地安全 脚手架 塔吊 基坑"),
    ("城乡建设/建筑市场/拖欠工程款", "工程款 包工头 工程欠款 承包工程"),
    ("城乡建设/建筑市场/工程招投标", "招投标 招标 投标 中标"),
    ("城乡建设/建筑市场/勘察设计和施工监管", "施工 工地 施工单位 建筑公司 施工方"),
    ("城乡建设/安全生产/安全隐患", "安全隐患 隐患 危险 坍塌 倒塌"),
    ("城乡建设/村镇建设/新农村建设",
     "村道 村级公路 通村 户户通 水泥路 组级公路 农村公路 美丽乡村 路面硬化 硬化 通组公路 "
     "自来水到户 农村饮水"),
    ("城乡建设/村镇建设/小城镇建设", "集镇 镇区 小城镇"),
    # 党务政务
    ("党务政务/党的建设/组织建设", "党员 党组织 支部 入党 党费 党建"),
    ("党务政务/宣传舆论/精神文明建设", "文明城市 文明创建 精神文明"),
    ("党务政务/宣传舆论/互联网信息监管", "网络谣言 网络暴力 不良信息 网络游戏"),
    ("党务政务/宣传舆论/广播影视管理", "电视信号 有线电视 广电 机顶盒 电视台 新闻视频 电视"),
    ("党务政务/政治体制/人大工作", "人大代表 人大"),
    ("党务政务/政治体制/政协工作", "政协委员 政协"),
    ("党务政务/民族宗教/宗教事务", "寺庙 宗教 教堂 信教 烧香"),
    ("党务政务/国防外交/军事国防", "部队 国防 征兵 军队 民兵"),
    ("党务政务/港澳台侨/港澳事务", "港澳 香港 澳门"),
    ("党务政务/港澳台侨/台湾事务", "台湾 台胞"),
    ("党务政务/港澳台侨/侨务", "华侨 归侨 侨眷"),
    ("党务政务/群众团体/妇联工作", "妇联 妇女权益 家暴 家庭暴力"),
    ("党务政务/群众团体/工会工作", "工会"),
    ("党务政务/群众团体/共青团工作", "共青团 团委"),
    # 国土资源
    ("国土资源/土地资源管理/土地规划", "土地 用地 地块 土地出让 土地性质"),
    ("国土资源/土地资源管理/耕地保护", "耕地 基本农田 占用耕地 毁田 农田 良田"),
    ("国土资源/土地资源管理/土地权属纠纷", "土地纠纷 山林纠纷 权属 确权纠纷"),
    ("国土资源/土地征收/安置补偿", "征地补偿 征地款 土地补偿 青苗补偿 征地安置"),
    ("国土资源/土地征收/土地占地", "征地 占地 圈地 非法占地 占用土地"),
    ("国土资源/土地征收/失地农民保障", "失地农民 被征地农民"),
    ("国土资源/矿产资源管理/矿产开采",
     "采砂 采石 盗采 非法采矿 矿山 采矿 挖沙 河砂 砂石 洗砂 砂场 采石场 矿产"),
    ("国土资源/矿产资源管理/矿山地质环境", "塌陷 地质灾害 滑坡 山体"),
    ("国土资源/海洋气象地震/气象", "天气 气象 暴雨 高温"),
    # 环境保护
    ("环境保护/环境污染/噪音污染",
     "噪音 噪声 扰民 吵 喇叭 音响 广场舞 夜间施工 通宵施工 施工扰民 分贝 声音 鸣笛 高音 "
     "深夜 凌晨 半夜 睡觉 弹琴 昼夜施工 施工噪音"),
    ("环境保护/环境污染/大气污染",
     "粉尘 扬尘 废气 烟尘 臭气 异味 焚烧 烧垃圾 空气污染 雾霾 搅拌站 沥青 气味 刺鼻 "
     "搅拌厂 烟囱 排放"),
    ("环境保护/环境污染/水污染", "污水 排污 黑臭 河道污染 偷排 水体 直排 水污染 污染水源 鱼塘污染"),
    ("环境保护/环境污染/固体污染", "固废 建筑垃圾 废渣 倾倒 垃圾填埋"),
    ("环境保护/环境污染/土壤污染", "土壤 重金属 镉"),
    ("环境保护/环境污染/电磁污染", "辐射 基站 电磁 信号塔 发射塔"),
    ("环境保护/环境污染/危险化学品污染", "化工厂 危险化学品 危化品 化工"),
    ("环境保护/环境污染/其他污染", "养猪场 养殖场 猪场 养鸡场 光污染 污染 养殖污染"),
    ("环境保护/环境污染/生态破坏", "破坏生态 毁林 生态破坏 破坏植被"),
    ("环境保护/环保管理/环境执法", "环保局 环保部门 环保 环境执法 超标排放 排污许可"),
    ("环境保护/建设项目审批/未批先建", "未批先建 环评 环境影响评价"),
    # 纪检监察
    ("纪检监察/贪污贿赂/贪污", "贪污 侵吞 私分 中饱私囊"),
    ("纪检监察/贪污贿赂/行贿受贿索贿", "受贿 行贿 索贿 红包 回扣 好处费"),
    ("纪检监察/贪污贿赂/挪用公款", "挪用 挪用公款 截留"),
    ("纪检监察/干部作风/官僚主义", "不作为 推诿 踢皮球 官僚 敷衍 懒政 相互推诿 乱作为"),
    ("纪检监察/干部作风/形式主义", "形式主义 形象工程 面子工程"),
    ("纪检监察/干部作风/奢靡之风", "公款吃喝 公车私用 大吃大喝"),
    ("纪检监察/滥用职权/以权谋私", "以权谋私 滥用职权 优亲厚友 村干部 村支书 村主任 利用职权"),
    ("纪检监察/滥用职权/打击报复", "打击报复"),
    ("纪检监察/失职渎职/玩忽职守", "渎职 失职 玩忽职守"),
    ("纪检监察/失职渎职/包庇纵容", "包庇 保护伞 纵容"),
    # 交通运输
    ("交通运输/出租车管理/网约车问题", "网约车 滴滴 顺风车"),
    ("交通运输/出租车管理/行业监管", "出租车 的士 拒载 绕路 出租车司机"),
    ("交通运输/出租车管理/运价监管", "打表 计价器 出租车价格"),
    ("交通运输/客货运输/旅客运输", "客运 长途汽车 汽车站 大巴 班车 黑车 客车 中巴 汽车南站 汽车西站 火车 高铁 动车 候车 改签 "
     "火车站 高铁站"),
    ("交通运输/客货运输/货物运输", "货车 货运 大货车 渣土运输"),
    ("交通运输/客货运输/物流管理", "物流"),
    ("交通运输/客货运输/运输安全", "超载 超限"),
    ("交通运输/建设管理/规划建设",
     "高速 高速公路 国道 省道 公路 立交 桥梁 过江通道 快速路 匝道 绕城 高架 大桥 收费站"),
    ("交通运输/建设管理/公路收费", "过路费 ETC 通行费"),
    ("交通运输/建设管理/设施维护", "公路维修 路面破损 护栏"),
    ("交通运输/邮政管理/快递市场管理", "快递 包裹 丰巢 快递员 邮寄"),
    ("交通运输/邮政管理/邮政市场监管", "邮政 邮局 邮区"),
    # 经济管理
    ("经济管理/金融财税/非法经济活动",
     "非法集资 P2P 理财 爆雷 跑路 投资公司 车贷 网贷 平台跑路 诈骗集资"),
    ("经济管理/金融财税/集资融资", "集资"),
    ("经济管理/金融财税/税收征管", "纳税 偷税 漏税 发票 个税 税务 退税 税收 个人所得税"),
    ("经济管理/金融财税/金融管理", "银行 贷款 信用卡 征信 存款 利息 农商行 银行卡"),
    ("经济管理/金融财税/财政收支", "财政 专项资金 财政补贴 政府债务"),
    ("经济管理/保险证券期货/保险业监管", "保险公司 车险 理赔 保单 商业保险"),
    ("经济管理/保险证券期货/证券业监管", "股票 证券 股权"),
    ("经济管理/国资监管/企业改制", "改制 国企 国有企业 企业改制"),
    ("经济管理/安全生产/安全生产管理", "安全生产 生产安全 爆炸 安全事故 鞭炮 烟花爆竹"),
    ("经济管理/能源管理/能源开发供应", "加油站 油价 成品油"),
    ("经济管理/能源管理/新能源产品研发与推广", "新能源 光伏 新能源汽车"),
    ("经济管理/宏观调控/产业行业政策", "营商环境 招商引资 企业扶持 民营企业 产业 优惠政策 小微企业"),
    ("经济管理/宏观调控/区域发展", "区域发展 经济发展 发展规划 发展计划 项目进展 开发项目"),
    ("经济管理/企业破产/依法破产", "破产"),
    # 科技与信息产业
    ("科技与信息产业/电信/运营商监管", "移动公司 联通 电信 宽带 运营商 停机 网速 光纤 中国移动 手机卡"),
    ("科技与信息产业/电信/电信资费", "话费 套餐 扣费 流量费"),
    ("科技与信息产业/电信/通信保障", "手机信号 信号差 没信号 信号覆盖"),
    ("科技与信息产业/信息化建设/互联网运营管理",
     "网站 APP 小程序 网上办理 在线办理 二维码 系统故障 政务服务网 网上申报 打不开 网页"),
    ("科技与信息产业/知识产权/知识产权保护", "专利 侵权 盗版 知识产权"),
    ("科技与信息产业/科学技术/成果鉴定转化", "科技成果 高新技术企业 科研 科技"),
    # 民政
    ("民政/社会救助/城镇低保", "低保 最低生活保障 低保户"),
    ("民政/社会救助/农村低保", "农村低保"),
    ("民政/社会救助/特困人员供养", "特困 五保 孤寡"),
    ("民政/社会救助/医疗救助", "医疗救助 大病救助 重病"),
    ("民政/社会服务/婚姻登记", "结婚 离婚 婚姻登记 结婚证"),
    ("民政/社会服务/殡葬管理", "殡葬 殡仪馆 墓地 公墓 丧葬 火化 办丧 骨灰 丧事 灵堂 祭祀"),
    ("民政/社会服务/收养登记", "收养 领养"),
    ("民政/社会服务/生活无着人员救助", "流浪 乞讨 流浪汉"),
    ("民政/福利慈善/福利事业",
     "养老院 敬老院 养老机构 老年人 高龄津贴 残疾人 残疾 两项补贴 轮椅 孤儿 老人 残联 "
     "居家养老"),
    ("民政/福利慈善/慈善捐助", "慈善 捐款 捐助 捐赠 遗体"),
    ("民政/基层选举和社区建设/社区建设", "社区 居委会 网格 社区工作者 社区服务"),
    ("民政/基层选举和社区建设/村委会选举", "选举 换届 村委选举 贿选"),
    ("民政/区划地名/地名管理", "地名 路名 门牌 命名 门牌号 地图"),
    ("民政/区划地名/区划调整", "区划 行政区划 划入 合并乡镇 新设 撤销"),
    ("民政/民间组织/社团管理", "社团 协会 商会 民办非企业 社会组织 义工 志愿者 团体"),
    ("民政/复退安置/转业退伍安置", "退伍 转业 复员 退役士兵 军转 自主择业"),
    ("民政/优抚/老退役军人待遇", "退役军人 老兵 优抚 烈士 伤残军人 参战 军属 抚恤"),
    # 农村农业
    ("农村农业/村务管理/集体财务公开", "村财 账目 村务公开 财务公开 村账 财务不公开"),
    ("农村农业/村务管理/集体资产管理", "集体资产 集体土地出租 清产核资 集体经济 村集体 分红"),
    ("农村农业/村务管理/村级债务", "村级债务 村里欠款"),
    ("农村农业/土地承包经营/土地流转", "流转 土地流转"),
    ("农村农业/土地承包经营/土地承包", "承包地 土地承包 确权 承包合同 责任田"),
    ("农村农业/土地承包经营/宅基地纠纷", "宅基地 农村建房 建房审批 自建房 建房手续 建房"),
    ("农村农业/惠农补贴/粮食直补", "粮食补贴 种粮补贴 直补 耕地地力保护补贴 休耕 耕地补贴"),
    ("农村农业/惠农补贴/农机农资补贴", "农机补贴 农资补贴"),
    ("农村农业/扶贫开发/扶贫开发政策", "扶贫 贫困户 建档立卡 精准扶贫 脱贫 易地搬迁 贫困"),
    ("农村农业/扶贫开发/扶贫开发资金使用管理", "扶贫资金 扶贫款"),
    ("农村农业/水利水电/防汛抗旱", "防汛 洪水 干旱 抗旱 山塘 水库 溃坝 泄洪 内涝灾害"),
    ("农村农业/水利水电/江河湖治理", "河道 河堤 堤防 湖泊 河长 清淤 河流 港渠 沟渠"),
    ("农村农业/水利水电/工程建设管理", "水利工程 水渠 灌溉 渠道 水利设施 泵站"),
    ("农村农业/水利水电/水事纠纷", "水事纠纷 用水纠纷 放水"),
    ("农村农业/林业管理/森林防火", "森林防火 山火 烧山 野外用火"),
    ("农村农业/林业管理/采伐运输", "砍伐 伐木 滥伐 盗伐 林木"),
    ("农村农业/林业管理/林权改革及权属纠纷", "林权 山林 林地"),
    ("农村农业/动物防疫/疫情防控", "猪瘟 非洲猪瘟 狂犬 动物防疫 禽流感 检疫 病死猪 流浪狗 犬只 养狗 遛狗"),
    ("农村农业/农资农技/农资价格质量", "化肥 农药 种子 假种子"),
    ("农村农业/野生资源管理/野生动植物保护", "野生动物 捕鸟 电鱼 非法捕捞 禁渔 候鸟 钓鱼"),
    ("农村农业/水库移民/移民补偿安置", "移民 库区 水库移民"),
    ("农村农业/其他/其他", "农业 农民 农村 种植 养殖"),
    # 商贸旅游
    ("商贸旅游/市场监管/商品质量", "假货 产品质量 三无 退货 退款 售后 消费者 维权 质量不合格 假冒"),
    ("商贸旅游/市场监管/物价监督", "价格 乱收费 涨价 明码标价 标价 收费标准 收费不合理 多收费 高价"),
    ("商贸旅游/市场监管/广告监管", "广告 虚假宣传 虚假广告 宣传"),
    ("商贸旅游/市场监管/传销", "传销 拉人头"),
    ("商贸旅游/市场监管/不正当竞争", "不正当竞争 垄断 强买强卖"),
    ("商贸旅游/市场监管/商标管理", "商标"),
    ("商贸旅游/市场监管/中介机构管理", "中介 房产中介 中介公司"),
    ("商贸旅游/市场监管/其他",
     "预付卡 办卡 会员卡 健身房 美容 理发 消费 商家 营业执照 无证经营 工商 店铺 欺骗消费者 "
     "霸王条款"),
    ("商贸旅游/质监检验检疫/特种设备管理", "电梯故障 电梯事故 特种设备 电梯困人 锅炉 电梯安全 电梯维保"),
    ("商贸旅游/质监检验检疫/产品质量监控", "计量 缺斤少两 质量检测"),
    ("商贸旅游/旅游管理/景区管理", "景区 门票 旅游景点 景点 风景区 游客"),
    ("商贸旅游/旅游管理/旅游市场管理", "旅行社 导游 旅游团 旅游"),
    ("商贸旅游/商业贸易/其他", "商场 超市 商业街 步行街 商圈 购物中心"),
    # 卫生计生
    ("卫生计生/医政监管/医疗技术和服务",
     "医院 医生 看病 门诊 住院 护士 挂号 诊所 卫生院 医疗 就医 急诊 医务 社区卫生服务中心"),
    ("卫生计生/医政监管/医疗收费", "医疗费 医药费 检查费 收费项目"),
    ("卫生计生/医政监管/非法行医", "黑诊所 非法行医 无证行医 游医"),
    ("卫生计生/医患纠纷/医疗事故争议", "医疗事故 医疗纠纷 误诊 手术失败 医患 医疗过错 死亡"),
    ("卫生计生/食品药品监管/食品安全",
     "食品安全 食品 餐馆 饭店 餐饮 外卖 过期 变质 地沟油 食堂 食物中毒 卫生许可证 饭菜"),
    ("卫生计生/食品药品监管/药品和医疗器械管理", "药店 药品 药房 医疗器械 假药 药价"),
    ("卫生计生/食品药品监管/保健品化妆品管理", "保健品 化妆品"),
    ("卫生计生/公共卫生/疾病预防控制", "疫苗 接种 传染病 疾控 体检 艾滋 预防针 结核"),
    ("卫生计生/公共卫生/突发公共卫生事件处理", "疫情 新冠 肺炎 口罩 隔离 防疫"),
    ("卫生计生/人口计生/计划生育服务管理", "计生 计划生育 准生证 生育服务证 二胎 出生证 生育登记 出生医学证明"),
    ("卫生计生/人口计生/独生子女父母奖励政策", "独生子女 独生子女费 奖励扶助"),
    ("卫生计生/人口计生/失独家庭", "失独"),
    ("卫生计生/人口计生/违法生育", "超生 社会抚养费"),
    # 政法
    ("政法/交通管理/交通安全管理",
     "交通 堵 绿灯 左转 右转 交警 红绿灯 信号灯 违停 违章停车 乱停 乱停车 停车 限行 交通拥堵 堵车 斑马线 减速带 "
     "电动车 摩托车 超速 闯红灯 拥堵 交通秩序 停车场 停车难 电子眼 抓拍 禁停 掉头 车道 减速"),
    ("政法/交通管理/机动车和驾驶员管理",
     "驾驶证 驾照 车牌 上牌 年检 年审 违章处理 车管所 驾校 12123 免检 行驶证 驾考 科目"),
    ("政法/交通管理/交通事故", "交通事故 车祸 撞 肇事"),
    ("政法/户籍证件/户籍管理", "户口 落户 户籍 迁户 入户 上户 户口本 迁入 迁出"),
    ("政法/户籍证件/身份证管理", "身份证"),
    ("政法/户籍证件/出入境管理", "护照 签证 港澳通行证 出入境 外籍"),
    ("政法/户籍证件/流动人口管理", "居住证 暂住证 居住登记"),
    ("政法/社会治安/黄赌毒",
     "赌博 麻将馆 棋牌室 卖淫 嫖娼 色情 吸毒 毒品 六合彩 涉黄 涉赌 赌场 老虎机 按摩店"),
    ("政法/社会治安/打黑除恶", "黑恶 涉黑 恶势力 黑社会 扫黑 扫黑除恶 村霸"),
    ("政法/社会治安/治安案件",
     "打架 殴打 斗殴 偷 盗窃 被盗 抢劫 威胁 恐吓 报警 派出所 民警 打人 治安 小偷 监控 "
     "砸 纠纷"),
    ("政法/社会治安/消防安全", "消防 火灾 灭火器 消防栓 着火 失火 消防设施 消防隐患"),
    ("政法/刑案侦破/立案侦查", "立案 报案 诈骗 被骗 刑事 经侦 骗子 骗取"),
    ("政法/警务督察/警务执法", "警察 执法不公 民警态度 办案 刑警 拘留"),
    ("政法/诉讼/民事诉讼", "法院 起诉 判决 执行难 诉讼 开庭 官司 判决书 上诉"),
    ("政法/仲裁与调解/劳动仲裁", "劳动仲裁 仲裁"),
    ("政法/仲裁与调解/司法调解", "调解 人民调解"),
    ("政法/仲裁与调解/生效法律文书执行", "强制执行 申请执行 执行局 老赖"),
    ("政法/法律服务/法律援助", "法律援助 律师 法律咨询 司法"),
    ("政法/法律服务/公证", "公证"),
    ("政法/行政复议/复议申请", "行政复议 复议"),
    ("政法/刑罚执行/社区矫正", "社区矫正"),
    # 教育文体
    ("教育文体/教育体制/教育资源配置",
     "入学 学位 学区 划片 就近入学 择校 上学 读书 配套学校 学校建设 小学 初中 幼儿园 公办 "
     "普惠 新建学校 学校 中学 学校规划"),
    ("教育文体/教育体制/异地升学", "随迁子女 借读 转学 外地户口 学籍转入"),
    ("教育文体/考试招生/招生录取", "招生 录取 中考 高考 小升初 报名 招生政策 志愿 分数线"),
    ("教育文体/考试招生/考场考纪", "考试作弊 考场 监考"),
    ("教育文体/教育收费/乱收费", "补课费 资料费 学费 教辅 收费 书本费 伙食费 校服"),
    ("教育文体/教育行政管理/教学管理", "老师 班主任 课后服务 作业 教学 上课 课程 学生 家长 放学"),
    ("教育文体/教育行政管理/校园安全", "校园安全 校车 学生安全 霸凌 校门口 体罚"),
    ("教育文体/教育行政管理/学生负担", "作业多 减负 课业负担"),
    ("教育文体/教育行政管理/民办学校", "民办学校 民办 私立学校"),
    ("教育文体/教育行政管理/校外机构管理", "培训机构 培训班 辅导班 补习 托管 早教"),
    ("教育文体/教育行政管理/学历学位学籍管理", "学籍 学历 毕业证 学位证 文凭 自考 考籍 成人教育"),
    ("教育文体/教师队伍和待遇/工资福利", "教师待遇 教师工资 老师工资 绩效工资 教龄 乡村教师 教师"),
    ("教育文体/教师队伍和待遇/原民办代课教师", "代课教师 民办教师 代课"),
    ("教育文体/教师队伍和待遇/师资力量", "师资 教师编制 教师招聘 特岗"),
    ("教育文体/文化/公共文化", "图书馆 文化馆 博物馆 书店 文化活动"),
    ("教育文体/文化/文化市场与文化执法", "网吧 KTV 酒吧 演出 歌厅 游戏厅 娱乐场所"),
    ("教育文体/体育/体育事业", "体育 健身 运动场 球场 游泳 体育馆 篮球 足球 马拉松 体育场 羽毛球"),
    ("教育文体/文物管理/文物保护", "文物 古迹 遗址 故居"),
    ("教育文体/失学辍学/教育救助", "辍学 助学金 贫困生 助学贷款"),
    # 劳动和社会保障
    ("劳动和社会保障/工资福利/工资发放",
     "拖欠工资 欠薪 工资 讨薪 发工资 克扣 拖欠 欠发 工钱 血汗钱"),
    ("劳动和社会保障/工资福利/福利待遇", "福利 年终奖 补贴发放 津贴 待遇 高温补贴"),
    ("劳动和社会保障/工资福利/最低工资标准", "最低工资"),
    ("劳动和社会保障/劳动关系/劳动合同纠纷",
     "劳动合同 辞退 开除 解除合同 经济补偿 赔偿金 试用期 劳动法 违法解除 用人单位 员工"),
    ("劳动和社会保障/劳动关系/农民工权益", "农民工 农民工工资"),
    ("劳动和社会保障/劳动关系/非法用工", "童工 非法用工 不签合同 未签合同"),
    ("劳动和社会保障/劳动关系/劳务派遣纠纷", "劳务派遣 派遣 外包"),
    ("劳动和社会保障/城镇职工社会保险/职工养老保险",
     "养老保险 社保 社会保险 交社保 缴纳社保 断缴 补缴 社保卡 缴费年限 灵活就业"),
    ("劳动和社会保障/城镇职工社会保险/职工医疗保险", "医保 医疗保险 报销 医保卡 异地就医 门诊报销 特殊病"),
    ("劳动和社会保障/城镇职工社会保险/职工工伤保险", "工伤 工伤认定 工伤赔偿"),
    ("劳动和社会保障/城镇职工社会保险/职工生育保险", "生育保险 生育津贴 产检报销"),
    ("劳动和社会保障/城镇职工社会保险/职工失业保险", "失业保险 失业金"),
    ("劳动和社会保障/城镇居民社会保险/城乡居民养老保险", "居民养老 居民养老保险 农村养老保险 新农保 城乡居民养老"),
    ("劳动和社会保障/城镇居民社会保险/城镇居民医疗保险", "居民医保 城乡居民医保 少儿医保 新生儿医保"),
    ("劳动和社会保障/城镇居民社会保险/新农村合作医疗", "新农合 合作医疗"),
    ("劳动和社会保障/退休政策及待遇/退休金发放", "退休金 养老金 退休工资"),
    ("劳动和社会保障/退休政策及待遇/退休政策", "退休 退休年龄 办理退休 退休手续"),
    ("劳动和社会保障/退休政策及待遇/退休人员待遇", "退休人员 退休职工 退休教师"),
    ("劳动和社会保障/退休政策及待遇/病退及提前退休人员待遇", "病退 提前退休"),
    ("劳动和社会保障/就业培训/就业和再就业",
     "就业 招聘 失业 找工作 人才引进 人才 公务员 事业单位 编制 招考 应聘 大学生 毕业生 人才新政 "
     "报到证 档案"),
    ("劳动和社会保障/就业培训/职业培训", "职业培训 技能培训"),
    ("劳动和社会保障/就业培训/职业技能鉴定", "职业资格 技能鉴定 资格证 职称 证书 会计证 换证"),
    ("劳动和社会保障/劳动保护/工作时间和休息休假", "加班 休假 双休 调休 加班费 工作时间 年休假"),
    ("劳动和社会保障/劳动保护/女工保护", "产假 哺乳 孕妇 怀孕"),
    ("劳动和社会保障/劳动保护/劳动安全", "劳动安全 职业病"),
    ("劳动和社会保障/社保基金管理/社保基金管理", "社保基金 养老基金 基金监管 骗保"),
]
# Keywords of the level-2 其他 (Other) nodes: the level-1 topic in a few words.
L1_WORDS = {
    "城乡建设": ["城乡建设", "城市建设", "住房"], "党务政务": ["党务", "政务", "机关"],
    "国土资源": ["国土", "土地", "资源"], "环境保护": ["环境保护", "环保", "环境"],
    "纪检监察": ["纪检", "监察", "干部"], "交通运输": ["交通运输", "交通", "运输"],
    "经济管理": ["经济", "企业", "金融"], "科技与信息产业": ["科技", "信息化", "互联网"],
    "民政": ["民政", "社会救助", "养老"], "农村农业": ["农村", "农业", "农民"],
    "商贸旅游": ["商贸", "旅游", "消费"], "卫生计生": ["卫生", "医疗", "健康"],
    "政法": ["政法", "公安", "法律"], "教育文体": ["教育", "文化", "体育"],
    "劳动和社会保障": ["劳动", "社会保障", "社保"],
}
# When no rule matches at all.
FALLBACK_CATEGORY = "城乡建设/其他/其他"

# Pinyin for the synthetic citizens' e-mail local parts (only the characters used below).
PINYIN = {
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang",
    "黄": "huang", "赵": "zhao", "吴": "wu", "周": "zhou", "徐": "xu", "孙": "sun", "马": "ma",
    "朱": "zhu", "胡": "hu", "郭": "guo", "何": "he", "高": "gao", "林": "lin", "罗": "luo",
    "郑": "zheng", "梁": "liang", "谢": "xie", "宋": "song", "唐": "tang", "许": "xu",
    "韩": "han", "冯": "feng", "邓": "deng", "曹": "cao", "彭": "peng", "曾": "zeng",
    "肖": "xiao", "田": "tian", "董": "dong", "袁": "yuan", "潘": "pan", "蒋": "jiang",
    "蔡": "cai", "余": "yu", "杜": "du", "叶": "ye", "程": "cheng", "苏": "su", "魏": "wei",
    "吕": "lv", "丁": "ding", "任": "ren", "沈": "shen", "姚": "yao", "卢": "lu", "姜": "jiang",
    "崔": "cui", "钟": "zhong", "谭": "tan", "陆": "lu", "汪": "wang", "范": "fan", "廖": "liao",
    "易": "yi", "龚": "gong", "欧阳": "ouyang", "贺": "he",
    # given-name characters
    "伟": "wei", "芳": "fang", "娜": "na", "敏": "min", "静": "jing", "丽": "li", "强": "qiang",
    "磊": "lei", "军": "jun", "洋": "yang", "勇": "yong", "艳": "yan", "杰": "jie", "娟": "juan",
    "涛": "tao", "明": "ming", "超": "chao", "秀": "xiu", "霞": "xia", "平": "ping", "刚": "gang",
    "桂": "gui", "英": "ying", "华": "hua", "玉": "yu", "兰": "lan", "红": "hong", "建": "jian",
    "国": "guo", "志": "zhi", "辉": "hui", "峰": "feng", "斌": "bin", "鹏": "peng", "飞": "fei",
    "婷": "ting", "雪": "xue", "琳": "lin", "浩": "hao", "宇": "yu", "博": "bo", "晨": "chen",
    "思": "si", "雨": "yu", "欣": "xin", "怡": "yi", "佳": "jia", "子": "zi", "涵": "han",
    "梓": "zi", "轩": "xuan", "萱": "xuan", "俊": "jun", "凯": "kai", "文": "wen", "海": "hai",
    "燕": "yan", "春": "chun", "梅": "mei", "金": "jin", "凤": "feng", "德": "de", "林": "lin",
    "慧": "hui", "婉": "wan", "振": "zhen", "宏": "hong", "新": "xin", "亮": "liang", "成": "cheng",
    "东": "dong", "晓": "xiao", "小": "xiao", "嘉": "jia", "诗": "shi", "颖": "ying", "泽": "ze",
    "睿": "rui", "家": "jia", "少": "shao", "云": "yun", "波": "bo", "清": "qing", "永": "yong",
    "湘": "xiang", "桃": "tao", "莉": "li", "倩": "qian", "晶": "jing", "彬": "bin", "健": "jian",
    "龙": "long", "荣": "rong", "瑶": "yao", "卫": "wei",
}
SURNAMES_WEIGHTED = [
    ("王", 72), ("李", 70), ("张", 66), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 24),
    ("赵", 22), ("吴", 21), ("周", 21), ("徐", 14), ("孙", 13), ("马", 12), ("朱", 12),
    ("胡", 12), ("郭", 11), ("何", 11), ("高", 10), ("林", 10), ("罗", 10), ("郑", 9),
    ("梁", 9), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 6), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5),
    ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 4), ("魏", 4),
    ("吕", 4), ("丁", 4), ("任", 4), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3),
    ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("廖", 3), ("易", 2), ("龚", 2),
    ("贺", 2), ("欧阳", 1),
]
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚建国志辉峰斌鹏飞浩宇博晨俊凯文海德林振宏新亮成东家少波永彬健龙荣卫"
GIVEN_FEMALE = "芳娜敏静丽艳娟秀霞桂英华玉兰红婷雪琳思雨欣怡佳子涵梓萱燕春梅金凤慧婉晓小嘉诗颖睿云清湘桃莉倩晶瑶"

# --------------------------------------------------------------------------------------------------
# Text cleaning, re-placing and masking
# --------------------------------------------------------------------------------------------------

CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
RE_HTML_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|span|font|b|strong|img|a|em|i|u|table|tr|td)\b[^<>]*>",
                         re.I)
RE_BAIDU = re.compile(r"https?://baidu\.com/(?:\.(?:cn|\d+))?")
RE_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009]+")
RE_CJK_SPACE = re.compile(rf"(?<=[{CJK}]) +| +(?=[{CJK}])")
RE_USER_ID = re.compile(r"(?:网友)?[“\"]?(?:UU|A)00\d{2,}[”\"]?(?:网友)?")
RE_SRC_DISTRICT = re.compile(r"(?<![A-Za-z0-9])A([1-9])(?!\d)(县市|县|市|区)")
RE_OTHER_PLACE = re.compile(r"(?<![A-Za-z0-9])[B-Z]\d*(?:市|区|县|州)")
RE_DOC_NO = re.compile(r"长([发政办函改价调字建规财教人社卫住房国土城管交环]{1,5})(?=[〔﹝\[（(【]\s*\d{4})")
RE_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
RE_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}\s*[-—－]\s*(?:0000\s*[-—－]\s*)?\d{3,4}(\d{4})(?:-\d{1,4})?(?!\d)")
RE_ID = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
RE_EMAIL = re.compile(r"([A-Za-z0-9])[A-Za-z0-9._*%+-]*@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}")

SURNAME_CHARS = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
                 "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
                 "顾毛郝龚邵万钱严覃武戴莫孔向汤易欧")
# Characters that do not occur in given names here but do in place and organisation words; a
# "name" containing one is not masked (avoids 江口镇长 → 江**镇长).
NOT_GIVEN = set("区县市镇乡村街道路省局委办院校所站厂店司队组部会处科中小大总副新老一二三四五六七八九十"
                "的了和与及等个位名这那该此其们是在有向给请找对被把将从为也都就还又再班级楼栋号门口山江"
                "河湖塘桥坪岭湾园场铺港洲坡冲垸寺庙庄屯社片心室馆局厅业主员工人民党政府书记长任师生")
TITLES = ("副书记|书记|副市长|市长|副区长|区长|副县长|县长|副局长|局长|副主任|主任|镇长|乡长|村长|支书|"
          "副主席|主席|总经理|经理|董事长|老师|校长|院长|医生|先生|女士|同志|师傅|律师|警官|队长|科长|"
          "处长|所长|站长|部长|组长|会长|老板")
# "长期", "长郡", "长沙" … after a title ending in 长 are words, not a title.
RE_NAME_TITLE = re.compile(
    rf"([{SURNAME_CHARS}])([\u4e00-\u9fff]{{1,2}})(?=(?:{TITLES})(?![期时郡房安沙城盛江桥远大久效达短途廊株宁青]))")
# Our own place names start with surnames (江, 高): never mask inside them.
PROTECTED = ("江城市", "江东区", "江西区", "江南省", "临江区", "高新区")
RE_TITLE_NAME = re.compile(
    rf"((?:{TITLES}|委员|民警|当事人|报案人|信访人|联系人[:：]?|姓名[:：]?|我叫|名叫))"
    rf"([{SURNAME_CHARS}])([\u4e00-\u9fff]{{1,2}})(?=[，,、。；;和及等（(\s]|同志|$)")
RE_NAME_SEX = re.compile(rf"([{SURNAME_CHARS}])([\u4e00-\u9fff]{{1,2}})(?=[，,（(]\s*[男女][，,）)、\\])")


def Crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def Clean(text: str) -> str:
    t = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    t = t.replace("_x000D_", "\n").replace("\u200b", "").replace("\ufeff", "")
    t = RE_HTML_TAG.sub(" ", t)
    if "&" in t:
        t = html.unescape(t)
    t = RE_BAIDU.sub("", t)
    lines = []
    for line in t.split("\n"):
        line = RE_SPACES.sub(" ", line).strip()
        line = RE_CJK_SPACE.sub("", line)
        if line:
            lines.append(line)
    return "\n".join(lines)


def Replace(text: str, district_name: dict[str, str]) -> str:
    """Rewrites the anonymised places to 江城市 and masks user ids, names, phones and ID numbers."""
    t = RE_USER_ID.sub("网友", text)
    t = t.replace("网友网友", "网友").replace("网友“”", "网友")
    t = RE_SRC_DISTRICT.sub(lambda m: district_name[DISTRICT_OF_SOURCE["A" + m.group(1)]], t)
    # 临江区县委 → 临江区委: the counties became districts.
    t = re.sub(r"(江东区|江西区|高新区|临江区)[县市](?=委|政府|人民政府|人大|政协|教育局|公安局|城管)", r"\1", t)
    t = re.sub(r"(?<![各区])县(委|政府|人民政府|长|教育局|公安局|人社局|民政局|医保中心)", r"区\1", t)
    t = t.replace("我县", "我区").replace("全县", "全区")
    t = re.sub(r"(?:江东区|江西区|临江区)(?=高新区)", "", t)
    t = t.replace("A市", CITY).replace("西地省", PROVINCE)
    t = RE_DOC_NO.sub(r"江\1", t)
    t = RE_ID.sub(r"\1********\2", t)
    t = RE_MOBILE.sub(r"\1****\2", t)
    t = RE_LANDLINE.sub(lambda m: f"{AREA_CODE}-****{m.group(1)}", t)
    t = RE_EMAIL.sub(lambda m: m.group(1) + "***@example.com", t)

    def Protected(m: re.Match, start: int) -> bool:
        return any(m.string.startswith(p, start) for p in PROTECTED)

    def NameTitle(m: re.Match) -> str:
        if set(m.group(2)) & NOT_GIVEN or Protected(m, m.start()):
            return m.group(0)
        return m.group(1) + "**"

    def TitleName(m: re.Match) -> str:
        if set(m.group(3)) & NOT_GIVEN or Protected(m, m.start(2)):
            return m.group(0)
        return m.group(1) + m.group(2) + "**"

    def NameSex(m: re.Match) -> str:
        if set(m.group(2)) & NOT_GIVEN or Protected(m, m.start()):
            return m.group(0)
        return m.group(1) + "**"

    t = RE_NAME_TITLE.sub(NameTitle, t)
    t = RE_TITLE_NAME.sub(TitleName, t)
    t = RE_NAME_SEX.sub(NameSex, t)
    return t


def Cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------------


def ReadCsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def Phone(rng: random.Random, prefix: str, digits: int) -> str:
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits))


def BuildAliases(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """Street/town names that follow a source district token (A3区洋湖街道) and so identify a district."""
    counts: dict[str, dict[str, int]] = {}
    pat = re.compile(r"(?<![A-Za-z0-9])A([1-9])(?!\d)(?:县市|县|市|区)([\u4e00-\u9fff]{2,4}?(?:街道|镇|乡))")
    for r in rows:
        text = r["留言主题"] + r["留言详情"]
        for num, place in pat.findall(text):
            d = DISTRICT_OF_SOURCE["A" + num]
            counts.setdefault(place, {}).setdefault(d, 0)
            counts[place][d] += 1
    aliases: dict[str, list[tuple[int, str]]] = {d[0]: [] for d in DISTRICTS}
    for place, by in counts.items():
        total = sum(by.values())
        best = max(sorted(by), key=lambda d: by[d])
        stem = re.sub(r"(街道|镇|乡)$", "", place)
        if (total >= 2 and by[best] / total >= 0.85 and not any(ch in stem for ch in "县市区")
                and not stem.endswith(("路", "街", "家", "之")) and stem[0] not in "原去的在到我从"):
            aliases[best].append((-total, place))
    out = {}
    for code, name, _, streets in DISTRICTS:
        names = [name] + EXTRA_ALIASES[code] + [s[1] for s in streets]
        names += [p for _, p in sorted(aliases[code])[:40]]
        seen: list[str] = []
        for n in names:
            if n not in seen:
                seen.append(n)
        out[code] = seen
    return out


def BuildOrg(aliases: dict[str, list[str]]) -> dict:
    rng = random.Random(SEED)
    units = []

    def Add(code, name, name_en, kind, parent, can_dispatch):
        unit = {
            "code": code, "name": name, "name_en": name_en, "kind": kind, "parent": parent,
            "can_dispatch": can_dispatch,
            "contact_phone": Phone(rng, AREA_CODE + "-8", 7),
            "contact_email": code + "@jiangcheng.gov.cn",
        }
        units.append(unit)
        return unit

    centre = Add("centre", "市12345热线中心", "Jiangcheng 12345 Hotline Centre", "centre", "", True)
    centre["contact_email"] = "12345@jiangcheng.gov.cn"
    for code, name, name_en, streets in DISTRICTS:
        d = Add(code, name, name_en, "district", "centre", True)
        d["aliases"] = aliases[code]
        for suffix, sname, sname_en in streets:
            Add(f"{code}-{suffix}", sname, sname_en, "street", code, False)
    for code, name, name_en in DEPARTMENTS:
        Add(code, name, name_en, "department", "centre", False)
    for code, name, name_en in ENTERPRISES:
        Add(code, name, name_en, "enterprise", "centre", False)
    return {
        "city": CITY, "city_en": "Jiangcheng", "province": PROVINCE, "province_en": "Jiangnan",
        "area_code": AREA_CODE, "units": units,
    }


def RuleWords(words: str) -> list[str]:
    return [w for w in words.split() if w]


def BuildCategories(taxonomy: list[dict[str, str]], unit_codes: set[str]) -> tuple[dict, dict]:
    """Returns (categories.json document, path → code)."""
    tree: dict[str, dict[str, list[str]]] = {}
    for r in taxonomy:
        l1, l2, l3 = r["一级分类"].strip(), r["二级分类"].strip(), r["三级分类"].strip()
        if l1 == l2:  # 交通运输/交通运输/出租车管理 duplicates 交通运输/出租车管理
            continue
        kids = tree.setdefault(l1, {}).setdefault(l2, [])
        if l3 not in kids:
            kids.append(l3)

    def OtherLast(names):
        return [n for n in names if n != "其他"] + [n for n in names if n == "其他"]

    tree = {l1: {l2: OtherLast(l3s) for l2, l3s in ((k, l2s[k]) for k in OtherLast(list(l2s)))}
            for l1, l2s in tree.items()}

    def Codes(names: list[str]) -> list[str]:
        out, n = [], 0
        for name in names:
            if name == "其他":
                out.append("99")
            else:
                n += 1
                out.append(f"{n:02d}")
        return out

    rule_words: dict[str, list[str]] = {}
    for path, words in CATEGORY_RULES:
        rule_words.setdefault(path, []).extend(RuleWords(words))

    path_code: dict[str, str] = {}
    roots = []
    for c1, (l1, l2s) in zip(Codes(list(tree)), tree.items()):
        lead1 = LEAD_L1[l1]
        node1 = {"code": c1, "name": l1, "name_en": NAME_EN[l1], "lead": lead1,
                 "street_level": False, "children": []}
        path_code[l1] = c1
        for c2, (l2, l3s) in zip(Codes(list(l2s)), l2s.items()):
            p2 = f"{l1}/{l2}"
            lead2 = LEAD_L2.get(p2, lead1)
            sl2 = p2 in STREET_LEVEL_L2
            node2 = {"code": c1 + c2, "name": l2, "name_en": NAME_EN[l2], "lead": lead2,
                     "street_level": sl2, "keywords": [], "children": []}
            path_code[p2] = c1 + c2
            for c3, l3 in zip(Codes(l3s), l3s):
                p3 = f"{p2}/{l3}"
                node3 = {"code": c1 + c2 + c3, "name": l3, "name_en": NAME_EN[l3]}
                if p3 in LEAD_L3 and LEAD_L3[p3] != lead2:
                    node3["lead"] = LEAD_L3[p3]
                if p3 in STREET_LEVEL_L3 and STREET_LEVEL_L3[p3] != sl2:
                    node3["street_level"] = STREET_LEVEL_L3[p3]
                if rule_words.get(p3):
                    node3["keywords"] = Dedup(rule_words[p3])[:8]
                path_code[p3] = c1 + c2 + c3
                node2["children"].append(node3)
            node1["children"].append(node2)
        roots.append(node1)

    for table in (LEAD_L1.values(), LEAD_L2.values(), LEAD_L3.values()):
        for lead in table:
            assert lead in unit_codes, lead
    for key in list(LEAD_L2) + list(LEAD_L3) + list(STREET_LEVEL_L2) + list(STREET_LEVEL_L3):
        assert key in path_code, key
    for path, _ in CATEGORY_RULES:
        assert path in path_code and path.count("/") == 2, path
    assert FALLBACK_CATEGORY in path_code
    doc = {
        "source": "teddycup2020c_fj1_label_taxonomy.csv (TipDM Cup 2020 task C)",
        "note": "codes: level 1 two digits, level 2 four, level 3 six; 其他 (Other) is always 99. "
                "Level-3 nodes inherit lead and street_level from their level-2 parent unless set.",
        "categories": roots,
    }
    return doc, path_code


def Dedup(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w not in out:
            out.append(w)
    return out


def FillKeywords(doc: dict, counts: dict[str, int]) -> None:
    """Level-2 keywords (3–8): the rule words of the children, busiest child first, round-robin;
    children without rules contribute their name; an 其他 node gets its level-1 topic words."""
    for node1 in doc["categories"]:
        for node2 in node1["children"]:
            if node2["name"] == "其他":
                node2["keywords"] = L1_WORDS[node1["name"]]
                continue
            kids = sorted(node2["children"], key=lambda k: (-counts.get(k["code"], 0), k["code"]))
            lists = [k.get("keywords") or ([k["name"]] if k["name"] != "其他" and len(k["name"]) <= 6
                                           else []) for k in kids]
            words: list[str] = []
            for i in range(8):
                words.extend(ws[i] for ws in lists if i < len(ws))
            if len(node2["name"]) <= 6:
                words.append(node2["name"])
            node2["keywords"] = [w for w in Dedup(words) if w != "其他"][:8]
            assert len(node2["keywords"]) >= 3, node2["name"]


class Classifier:
    def __init__(self, path_code: dict[str, str]):
        self.rules = []
        for path, words in CATEGORY_RULES:
            ws = [(w, 1.0 + 0.3 * (len(w) - 2)) for w in RuleWords(words)]
            self.rules.append((path_code[path], ws))
        self.fallback = path_code[FALLBACK_CATEGORY]

    def __call__(self, title: str, content: str) -> str:
        best, best_score = self.fallback, 0.0
        for code, ws in self.rules:
            matched = [(w, weight) for w, weight in ws if w in title or w in content]
            score = 0.0
            for w, weight in matched:
                if any(w != o and w in o for o, _ in matched):
                    continue  # 停车 inside 停车场: count the longer word only
                hits = 3 * (w in title) + min(content.count(w), 3)
                score += hits * weight
            if score > best_score:
                best, best_score = code, score
        return best


EXPLICIT_TYPES = [
    ("praise", "表扬 感谢 点赞 致谢 赞扬 锦旗 好评 谢谢 感恩 不错 越来越好 好样的 辛苦了"),
    ("report", "举报 检举 揭发 实名举报"),
    ("complaint", "投诉 控告"),
    ("consultation", "咨询 请问 询问 问一下 想了解"),
    ("suggestion", "建议 提议 倡议 呼吁 意见"),
    ("help", "求助 求救"),
]
STRONG_REPORT = "非法 违法 偷排 涉黑 黑恶 传销 贪污 受贿 赌博 麻将馆 色情 卖淫 无证经营".split()
WEAK_REPORT = "偷税 盗采 违规 违建 私搭乱建 无证 渎职 以权谋私 诈骗".split()
IMPLICIT_COMPLAINT = ("扰民 不作为 乱收费 强制 拖欠 欺骗 欺诈 虚假 霸王 推诿 敷衍 态度 噪音 污染 "
                      "违规 占道 不合理 坑 恶劣 不满 太差 严重 质疑 不公 刁难 克扣 强行 欺负 "
                      "臭 脏乱 油烟 吵 延期交房 漏水 开裂 质量问题 长期 屡禁不止 乱象 不退 退钱 反对 "
                      "差 霸占 忽悠 拒不 无视").split()
IMPLICIT_CONSULT = ("如何 怎么 怎样 是否 能否 可否 有没有 什么时候 何时 哪里 多久 为什么 为何 吗 "
                    "么 能不能 可不可以 是不是 该不该 哪些 多少 政策").split()
SUGGEST_VERBS = "增设 开通 设置 修建 延长 增加 优化 完善 加装 设立 改线 改道 新建 调整 加强".split()


def TypeOf(title: str, content: str) -> str:
    """Case type by rules, first match wins:
    1. a label word in the title (投诉 → complaint, 咨询 → consultation …; the earliest one);
    2. 举报/投诉 at the start of the content (not 感谢, which opens many letters);
    3. 扰民 → complaint; illegal activity (非法, 赌博 …) → report;
    4. a question (？, 如何, 何时, 吗 …) → consultation, unless it also complains;
    5. 希望/建议 with a public-works verb (增设, 开通 …) → suggestion;
    6. grievance words (不作为, 乱收费, 噪音 …) → complaint; weaker wrongdoing words → report;
    7. otherwise a request for help."""
    found = []
    for typ, words in EXPLICIT_TYPES:
        for w in words.split():
            pos = title.find(w)
            if pos >= 0:
                found.append((pos, typ))
    if found:
        return min(found)[1]
    head = content[:80]
    for typ, words in EXPLICIT_TYPES[1:3]:
        if any(w in head for w in words.split()):
            return typ
    if "扰民" in title:
        return "complaint"
    if any(w in title for w in STRONG_REPORT):
        return "report"
    if title.endswith(("?", "？")) or any(w in title for w in IMPLICIT_CONSULT):
        # "何时能修好？" is a demand more than a question when the title also complains.
        if any(w in title for w in ("投诉", "强烈", "严重")):
            return "complaint"
        return "consultation"
    if ("希望" in title or "建议" in head) and any(w in title for w in SUGGEST_VERBS):
        return "suggestion"
    if any(w in title for w in IMPLICIT_COMPLAINT):
        return "complaint"
    if any(w in title for w in WEAK_REPORT):
        return "report"
    if "请" in title and any(w in title for w in SUGGEST_VERBS):
        return "suggestion"
    return "help"


# Patterns that name the replying unit → org code (first those that name a department or utility).
REPLY_UNIT_PATTERNS = [
    (r"住房和城乡建设|住建局|住建委|房产局|房地产管理局|住房保障", "zjj"),
    (r"城市管理和综合执法|城市管理和行政执法|城管局|城管执法|行政执法局|城管", "cgj"),
    (r"交通运输局|交通局|运管", "jtj"),
    (r"公安|派出所|交警|车管所|消防支队|消防救援", "gaj"),
    (r"市场监督管理|市场监管|工商|质监|食药监|食品药品监督", "scj"),
    (r"生态环境|环保局|环境保护局", "sthj"),
    (r"教育局|教育部门|教委|教体局", "jyj"),
    (r"卫生健康|卫健|卫计|卫生局|疾控", "wjw"),
    (r"人力资源和社会保障|人社局|人社部门|社保局|社保中心|劳动监察|劳动保障", "rsj"),
    (r"自然资源|国土资源|国土局|规划局|规划部门", "zrzyj"),
    (r"(?<!人)民政", "mzj"),  # not 人民政府
    (r"农业农村|农业局|农委|畜牧|农机", "nyj"),
    (r"文化广电|文旅|文化和旅游|旅游局|体育局|文体", "wlj"),
    (r"医疗保障|医保局|医保中心", "ybj"),
    (r"公积金", "gjj"),
    (r"发展和改革|发改|物价局", "fgw"),
    (r"税务", "tax"),
    (r"水利|水务局", "slj"),
    (r"退役军人", "tyjr"),
    (r"应急管理|安监|安全生产监督", "yjj"),
    (r"司法局|司法所", "sfj"),
    (r"商务局|商务和粮食", "swj"),
    (r"工业和信息化|工信|经信|通信管理局", "gxj"),
    (r"纪委|监委|纪检", "jw"),
    (r"自来水|供水公司|水务集团|水务公司", "water"),
    (r"供电|电力公司|国网|电业局", "power"),
    (r"燃气|天然气公司", "gas"),
    (r"热力", "heat"),
    (r"公交集团|公交公司", "bus"),
    (r"轨道交通|地铁集团|地铁公司", "metro"),
]


ADDRESS_STOP = set("的我你他是在了和与及给被把对从向到至往将")
GENERIC_PLACES = {"马路", "道路", "公路", "街道", "小区", "社区", "农村", "乡村", "学校", "医院", "市场",
                  "广场", "公园", "中学", "小学", "大道"}
ADDRESS_STOP_WORDS = ("问题", "反映", "请求", "关于", "投诉", "希望", "建议", "改造", "打造", "附近", "政府", "修路", "临近",
                      "江东区", "江西区", "高新区", "临江区", "江城市")


class Placer:
    """Maps texts to our districts/streets and builds addresses."""

    ROADS = ["人民路", "建设路", "解放路", "中山路", "江滨路", "光明路", "新华路", "文化路", "朝阳路",
             "长江路", "湘江路", "东风路", "五一大道", "车站路", "劳动路", "芙蓉路", "迎宾路", "滨江大道"]

    def __init__(self, aliases: dict[str, list[str]]):
        self.district_name = {code: name for code, name, _, _ in DISTRICTS}
        self.streets = {code: [(f"{code}-{s}", n) for s, n, _ in streets]
                        for code, _, _, streets in DISTRICTS}
        self.street_code = {n: c for code in self.streets for c, n in self.streets[code]}
        pairs = [(a, code) for code, names in aliases.items() for a in names]
        pairs.sort(key=lambda p: (-len(p[0]), p[0]))
        self.alias_re = re.compile("|".join(re.escape(a) for a, _ in pairs))
        self.alias_code = dict(pairs)
        names = "|".join(self.district_name.values())
        tail = (r"((?:[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡))?)"
                r"([\u4e00-\u9fffA-Za-z0-9]{1,12}?(?:小区|社区|村|路(?!口)|大道|街(?!道)|巷|花园|苑|广场|公园|新村|"
                r"家园|大厦|市场|中学|小学|学校|医院))")
        # A place right after a district name (江西区洋湖街道裕园小区), else right after 江城市.
        self.addr_res = [re.compile(rf"(?:{CITY})?({names})" + tail), re.compile(rf"{CITY}()" + tail)]
        self.unit_res = [(re.compile(p), code) for p, code in REPLY_UNIT_PATTERNS]

    def SourceDistrict(self, text: str) -> str:
        nums = RE_SRC_DISTRICT.findall(text)
        if not nums:
            return ""
        counts: dict[str, int] = {}
        for num, _ in nums:
            d = DISTRICT_OF_SOURCE["A" + num]
            counts[d] = counts.get(d, 0) + 1
        first = DISTRICT_OF_SOURCE["A" + nums[0][0]]
        return max(sorted(counts), key=lambda d: (counts[d], d == first))

    def AliasDistrict(self, text: str) -> str:
        m = self.alias_re.search(text)
        return self.alias_code[m.group(0)] if m else ""

    def District(self, src_title: str, src_content: str, src_reply: str, key: str) -> str:
        for text in (src_title, src_content):
            if "高新区" in text:  # the source city's own hi-tech zone is our 高新区
                return "gx"
            d = self.SourceDistrict(text) or self.AliasDistrict(text)
            if d:
                return d
        d = self.SourceDistrict(src_reply) or self.AliasDistrict(src_reply)
        if d:
            return d
        # Deterministic draw, weighted like the messages that do name a district.
        return ["jd", "jd", "jd", "jx", "jx", "gx", "gx", "gx", "lj", "lj"][Crc(key) % 10]

    def Address(self, title: str, content: str, district: str, key: str) -> str:
        dname = self.district_name[district]
        for text in (title, content):
            for rx in self.addr_res:
                for m in rx.finditer(text):
                    named, street, place = m.group(1), m.group(2), m.group(3)
                    if named and named != dname:
                        continue
                    if (place in GENERIC_PLACES or any(w in place for w in ADDRESS_STOP_WORDS)
                            or set(place) & ADDRESS_STOP or re.search(r"\d路$", place)):
                        continue
                    return CITY + dname + street + place
        h = Crc(key)
        streets = self.streets[district]
        sname = streets[h % len(streets)][1]
        for text in (title, content):
            m = self.alias_re.search(text)
            if m and self.alias_code[m.group(0)] == district and m.group(0).endswith(("街道", "镇", "乡")):
                sname = m.group(0)
                break
        road = self.ROADS[(h >> 8) % len(self.ROADS)]
        return f"{CITY}{dname}{sname}{road}{(h >> 16) % 300 + 1}号"

    def ReplyUnit(self, reply: str) -> str:
        if not reply:
            return ""
        found = []
        for rx, code in self.unit_res:
            for m in rx.finditer(reply):
                found.append((m.start(), m.end(), code))
        tail = len(reply) - 40
        for m in self.alias_re.finditer(reply, max(tail, 0)):
            name = m.group(0)
            found.append((m.start(), m.end(), self.street_code.get(name, self.alias_code[name])))
        signed = [f for f in found if f[1] >= tail]
        if signed:
            return max(signed)[2]
        early = [f for f in found if f[0] < 400]
        if early:
            return min(early)[2]
        for m in self.alias_re.finditer(reply[:400]):
            name = m.group(0)
            if name in self.street_code:
                return self.street_code[name]
            return self.alias_code[name]
        return ""


def IsoTime(s: str) -> str:
    s = (s or "").strip()
    if not s:
        return ""
    dt = datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    return dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")


def BuildMessages(votes_rows, reply_rows, classify: Classifier, placer: Placer) -> list[dict]:
    candidates = []
    seen_titles: set[str] = set()
    for source, rows in (("fj4", reply_rows), ("fj3", votes_rows)):
        for r in rows:
            raw_title, raw_content = r["留言主题"], r["留言详情"]
            raw_reply = r.get("答复意见") or ""
            if RE_OTHER_PLACE.search(raw_title + raw_content + raw_reply):
                continue
            title, content, reply = Clean(raw_title), Clean(raw_content), Clean(raw_reply)
            if len(content) < MIN_CONTENT or not title:
                continue
            norm = re.sub(r"\W", "", title)
            if norm in seen_titles:
                continue
            seen_titles.add(norm)
            if len(reply) < MIN_REPLY:
                reply = ""
            candidates.append((source, r, title, content, reply))

    rng = random.Random(SEED)
    with_reply = [c for c in candidates if c[4]]
    without = [c for c in candidates if not c[4]]
    n_reply = min(len(with_reply), TARGET_MESSAGES * 2 // 5)
    chosen = rng.sample(with_reply, n_reply) + rng.sample(without, TARGET_MESSAGES - n_reply)

    out = []
    for source, r, title, content, reply in chosen:
        key = source + ":" + r["留言编号"]
        district = placer.District(title, content, reply, key)
        dn = placer.district_name
        t = Replace(title, dn)
        c = Cut(Replace(content, dn))
        rp = Cut(Replace(reply, dn)) if reply else ""
        votes = r.get("点赞数", "")
        out.append({
            "title": t,
            "content": c,
            "reply": rp,
            "reply_unit": placer.ReplyUnit(rp),
            "category": classify(t, c),
            "type": TypeOf(t, c),
            "district": district,
            "address": placer.Address(t, c, district, key),
            "created_at": IsoTime(r["留言时间"]),
            "replied_at": IsoTime(r.get("答复时间", "")) if rp else "",
            "votes": int(votes) if votes.strip().isdigit() else 0,
            "_key": key,
        })
    out.sort(key=lambda m: (m["created_at"], m["_key"]))
    for m in out:
        del m["_key"]
    return out


# --------------------------------------------------------------------------------------------------
# Citizens
# --------------------------------------------------------------------------------------------------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
ID_REGION = {"jd": "439901", "jx": "439902", "gx": "439903", "lj": "439904"}  # fictional city 99


def IdChecksum(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def BuildCitizens(n: int = 400) -> list[dict]:
    rng = random.Random(SEED + 1)
    surnames = [s for s, w in SURNAMES_WEIGHTED for _ in range(w)]
    prefixes = [str(p) for p in list(range(130, 140)) + [150, 151, 152, 153, 155, 156, 157, 158, 159]
                + list(range(180, 190))]
    districts = [d[0] for d in DISTRICTS]
    citizens, phones, names = [], set(), set()
    while len(citizens) < n:
        male = rng.random() < 0.5
        pool = GIVEN_MALE if male else GIVEN_FEMALE
        surname = rng.choice(surnames)
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
        name = surname + given
        phone = Phone(rng, rng.choice(prefixes), 8)
        if phone in phones or name in names:
            continue
        phones.add(phone)
        names.add(name)
        district = rng.choice(districts)
        c = {"name": name, "phone": phone, "district": district}
        if rng.random() < 0.2:
            born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 55))
            seq = rng.randrange(50) * 2 + (1 if male else 0)  # 3rd sequence digit: odd = male
            first17 = f"{ID_REGION[district]}{born:%Y%m%d}{rng.randrange(10)}{seq // 10 % 10}{seq % 10}"
            first17 = first17[:17]
            c["id_number"] = first17 + IdChecksum(first17)
        if rng.random() < 0.3:
            local = "".join(PINYIN[ch] for ch in given) + "." + PINYIN.get(surname, "x")
            local += str(rng.randrange(10, 99)) if rng.random() < 0.6 else ""
            c["email"] = local + "@" + rng.choice(["example.com", "example.net", "example.org"])
        c["repeat_caller"] = False
        citizens.append(c)
    for i in rng.sample(range(n), 12):
        citizens[i]["repeat_caller"] = True
    return citizens


# --------------------------------------------------------------------------------------------------


def WriteJson(path: Path, doc) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, default=root.parent / "shared" / "data" / "cn_12345")
    ap.add_argument("--out", type=Path, default=root / "data" / "demo")
    args = ap.parse_args()

    taxonomy = ReadCsv(args.src / "teddycup2020c_fj1_label_taxonomy.csv")
    votes_rows = ReadCsv(args.src / "teddycup2020c_fj3_messages_with_votes.csv")
    reply_rows = ReadCsv(args.src / "teddycup2020c_fj4_messages_with_official_replies.csv")

    aliases = BuildAliases(votes_rows + reply_rows)
    org = BuildOrg(aliases)
    unit_codes = {u["code"] for u in org["units"]}
    categories, path_code = BuildCategories(taxonomy, unit_codes)
    placer = Placer(aliases)
    messages = BuildMessages(votes_rows, reply_rows, Classifier(path_code), placer)
    counts: dict[str, int] = {}
    for m in messages:
        counts[m["category"]] = counts.get(m["category"], 0) + 1
    FillKeywords(categories, counts)
    citizens = BuildCitizens()

    args.out.mkdir(parents=True, exist_ok=True)
    WriteJson(args.out / "org.json", org)
    WriteJson(args.out / "categories.json", categories)
    with (args.out / "messages.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for m in messages:
            f.write(json.dumps(m, ensure_ascii=False, separators=(",", ":")) + "\n")
    WriteJson(args.out / "citizens.json", {"citizens": citizens})
    print(f"wrote {args.out}: {len(org['units'])} units, {len(path_code)} categories, "
          f"{len(messages)} messages, {len(citizens)} citizens")


if __name__ == "__main__":
    main()
