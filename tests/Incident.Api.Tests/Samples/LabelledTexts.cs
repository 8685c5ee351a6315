namespace Incident.Api.Tests.Samples;

/// <summary>A generated short text and the risk topic it was written for.</summary>
public sealed record LabelledText(string Text, int Label, string Topic);

/// <summary>
/// Deterministic generator of synthetic, labelled content-risk short texts (titles, comments, live chat, reports)
/// in Chinese, English and mixed, for measuring clustering quality. No public labelled benchmark is reachable from
/// the build machines, so this stands in for one. To keep the task from being trivial: topics share vocabulary
/// (充值, 加微信, 主播, 转账, free, money, dm), every text carries platform noise (家人们, 直播间, lol, bro), some
/// borrow a keyword from another topic, and some carry evasive spellings (薇信, 赌 博, fr4ud) or typos.
/// </summary>
public static class LabelledTexts
{
    private sealed record Topic(string Name, string[] Zh, string[] En, string Emoji);

    private static readonly Topic[] Topics =
    [
        T("fraud", "诈骗|刷单返利|兼职日结|冒充客服|退款理赔|转账|安全账户|验证码|被骗了|投资理财|高额回报|先交保证金|杀猪盘|加微信|骗子|充值", "scam|scammer|refund scam|fake customer service|wire the money|verification code|investment returns|got scammed|deposit first|crypto scam|money|dm me", "💰"),
        T("minors", "未成年|小学生|初中生|未成年人打赏|偷用家长手机|充值|孩子打赏|退还打赏|未成年主播|学生妹|童星|家长投诉|防沉迷", "minor|underage|kid tipping|child streamer|parents card|middle school|kids spending|teen|underage tipping|parental complaint", "👶"),
        T("gambling", "赌博|网赌|百家乐|下注|押注|博彩|棋牌|彩票内幕|稳赚不赔|上分下分|赌场|充值|庄家|开盘", "gambling|casino|betting|bet now|baccarat|odds|online casino|jackpot|slots|sure win|place your bet|money", "🎰"),
        T("guild", "公会|主播|挖角|刷榜|违规签约|代打|流水|公会长|恶意pk|抽成|解约|买量|控评|公会拉人", "guild|agency|streamer poaching|fake ranking|contract breach|boosting|guild leader|rev share|pk battle|streamer", "🎤"),
        T("vulgar", "低俗|擦边|露骨|性感|福利视频|暗示|大尺度|色情|不雅|软色情|主播|私信看|福利", "nsfw|explicit|vulgar|sexy|adult content|lewd|onlyfans|spicy video|18+|dm me|streamer", "🔞"),
        T("rumor", "谣言|不实信息|辟谣|震惊|内部消息|转发扩散|据说|假新闻|地震预言|官方通报|造谣|谣传|紧急通知", "rumor|fake news|hoax|misinformation|debunked|breaking|share before deleted|unverified|conspiracy|insider info", "📢"),
        T("spam", "引流|加微信|私信|主页|领取|免费|加v|扫码|进群|福利群|vx|点击链接|关注领取|广告", "spam|link in bio|free|dm me|promo code|click link|join group|giveaway|follow for|ads", "📩"),
        T("selfharm", "不想活了|自残|割腕|轻生|自杀|抑郁|跳楼|活着没意思|遗书|结束生命|吃药|想死", "self harm|suicide|cutting|want to die|depressed|kill myself|end it all|no reason to live|goodbye letter", "💔"),
        T("counterfeit", "高仿|假货|一比一|莆田|正品|原单|复刻|a货|假名牌|专柜品质|加微信|低价", "counterfeit|fake|replica|knockoff|1:1|designer dupe|authentic|fake brand|cheap|dm me", "👜"),
        T("drugs", "毒品|冰毒|大麻|摇头丸|上头|嗑药|溜冰|笑气|吸毒|卖药|飞叶子|吃药", "drugs|weed|meth|mdma|pills|molly|cocaine|dealer|high|420", "💊"),
        T("violence", "砍人|打人|约架|暴力|威胁|弄死你|带刀|群殴|血腥|报复|杀了你", "violence|fight|stab|threat|kill you|knife|beat up|brawl|gore|revenge", "🔪"),
        T("hate", "地域黑|歧视|河南人|骂人|种族歧视|男拳|女拳|仇恨|地图炮|低等|滚出去", "racist|hate speech|discrimination|slur|go back|inferior|bigot|hate|xenophobia", "🤬"),
        T("doxxing", "人肉|开盒|泄露隐私|身份证号|家庭住址|手机号|曝光|个人信息|挂人|社工库", "doxxing|dox|leaked address|phone number|id card|personal info|exposed|private info|home address", "📍"),
        T("piracy", "盗版|搬运|侵权|免费看|网盘资源|破解版|录屏|未授权|版权|高清资源|免费", "pirated|piracy|free movie|leaked episode|torrent|cracked|copyright|stream free|reupload|free", "🏴"),
        T("loans", "网贷|套路贷|高利贷|催收|借钱|秒到账|利息|逾期|裸贷|无抵押|转账", "loan|payday loan|debt collector|instant cash|interest|borrow money|no credit check|loan shark|money", "💸"),
        T("pyramid", "传销|拉人头|躺赚|发展下线|会员费|原始股|资金盘|赚钱|项目|带你致富|报单", "pyramid scheme|mlm|downline|passive income|recruit|join my team|be your own boss|make money|ponzi", "📈"),
        T("animal", "虐猫|虐狗|虐待动物|流浪猫|踩猫|活体|动物保护|残忍|宠物|毒狗", "animal abuse|cat abuse|dog abuse|cruelty|stray cat|torture|pet|animal rights|kicked a dog", "🐱"),
        T("bullying", "网暴|辱骂|人身攻击|霸凌|挂人|喷子|骂主播|恶评|孤立|羞辱", "cyberbullying|harassment|bully|insult|troll|hate comments|body shaming|dogpile|humiliate", "😡"),
        T("fakemed", "偏方|包治百病|神药|保健品|根治|无副作用|祖传秘方|癌症|减肥药|特效药|吃药", "miracle cure|cure cancer|detox|weight loss pills|herbal remedy|no side effects|secret formula|supplement", "🌿"),
        T("stunts", "危险动作|极限挑战|高空|跑酷|模仿|飙车|挑战|爬塔吊|不要模仿|作死", "dangerous stunt|challenge|rooftop|parkour|street racing|dont try this|daredevil|extreme|tide pod", "🧗"),
    ];

    private static readonly string[] ZhNoise =
        "家人们|兄弟们|姐妹们|哈哈哈|真的假的|有人知道吗|评论区|看到最后|太离谱了|点赞关注|直播间|刚刚刷到|救命|绝了|求助|这个视频|大家注意|举报了|笑死|无语|今天|主播|官方快管管|又来了|有没有人|速看|谁懂啊|我服了|离谱|刚看到|截图了|楼上说得对|前排|打卡|路过|顶一下|已举报|平台管管|晚上好|第一次见|细思极恐|好家伙|蹲一个后续|求链接|在吗|我朋友说|上热搜了|昨天|刚才|这也行|吓死我了|不会吧|小心点|有图有真相|我也遇到了|一模一样|怎么回事|太多了|到处都是".Split('|');

    private static readonly string[] EnNoise =
        "lol|omg|guys|check this|wtf|bro|today|watch till the end|reported|so crazy|anyone else|follow me|live now|is this real|smh|for real|again|pls help|look at this|just saw this|yesterday|on my feed|my friend said|this is wild|not again|first time seeing|screenshot taken|mods please|trending now|lmao|no way|be careful|same here|happened to me too|everywhere|what is going on|this account|in the comments|saw it live".Split('|');

    private static readonly string[] ZhJoin = ["，", "！", "", " ", "。", "？", "~", "…"];
    private static readonly string[] EnJoin = [" ", ", ", "! ", "... ", " - "];

    // Evasive spellings moderators actually see: homophones, pinyin initials, inserted spaces and symbols.
    private static readonly (string From, string To)[] ZhEvasions =
    [
        ("微信", "薇信"), ("微信", "VX"), ("赌博", "du博"), ("赌博", "赌 博"), ("诈骗", "诈*骗"), ("色情", "se情"),
        ("自杀", "zs"), ("毒品", "du品"), ("加微信", "+v"), ("充值", "冲值"), ("高仿", "髙仿"), ("网贷", "网dai"),
    ];

    public static int TopicCount => Topics.Length;

    public static string TopicName(int label) => Topics[label].Name;

    /// <summary>
    /// <paramref name="count"/> texts over the first <paramref name="topics"/> topics (2..20), topic sizes mildly
    /// unbalanced (weights 1, 1.5, 2 in turn). Same arguments, same texts.
    /// </summary>
    public static IReadOnlyList<LabelledText> Generate(int count, int topics, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topics, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topics, Topics.Length);
        var random = new Random(seed);
        var weights = Enumerable.Range(0, topics).Select(t => 1 + (t % 3 * 0.5)).ToArray();
        var total = weights.Sum();
        var texts = new List<LabelledText>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextDouble() * total;
            var label = 0;
            while (label < topics - 1 && (pick -= weights[label]) > 0)
                label++;
            texts.Add(new LabelledText(Text(random, label, topics), label, Topics[label].Name));
        }
        return texts;
    }

    private static string Text(Random random, int label, int topics)
    {
        var topic = Topics[label];
        var lang = random.NextDouble();
        var zh = lang < 0.55;
        var mixed = lang >= 0.8;
        var parts = new List<string>();
        var keywords = 1 + (random.NextDouble() < 0.55 ? 1 : 0) + (random.NextDouble() < 0.2 ? 1 : 0);
        for (var k = 0; k < keywords; k++)
            parts.Add(Pick(random, zh || (mixed && k > 0) ? topic.Zh : topic.En));
        if (mixed)
            parts.Add(Pick(random, topic.En));
        if (random.NextDouble() < 0.15)
        {
            // A confuser: one keyword from another topic, so topics are not separable word by word.
            var other = Topics[(label + 1 + random.Next(topics - 1)) % topics];
            parts.Add(Pick(random, zh || mixed ? other.Zh : other.En));
        }
        var noise = random.Next(0, 3);
        for (var k = 0; k < noise; k++)
            parts.Add(Pick(random, zh || mixed ? ZhNoise : EnNoise));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parts));
        if (random.NextDouble() < 0.2)
            parts.Add(topic.Emoji);

        var text = string.Join(zh || mixed ? "" : " ", parts.Select(p => p + Pick(random, zh || mixed ? ZhJoin : EnJoin))).Trim();
        return random.NextDouble() < 0.25 ? Garble(random, text) : text;
    }

    private static string Garble(Random random, string text)
    {
        foreach (var (from, to) in ZhEvasions)
        {
            if (text.Contains(from, StringComparison.Ordinal) && random.NextDouble() < 0.6)
                return text.Replace(from, to, StringComparison.Ordinal);
        }
        var letters = Enumerable.Range(0, text.Length - 1).Where(i => char.IsAsciiLetterLower(text[i]) && char.IsAsciiLetterLower(text[i + 1])).ToArray();
        if (letters.Length == 0)
            return text;
        var at = letters[random.Next(letters.Length)];
        var chars = text.ToCharArray();
        switch (random.Next(3))
        {
            case 0:
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                return new string(chars);
            case 1:
                return text.Remove(at, 1);
            default:
                chars[at] = chars[at] switch { 'o' => '0', 'i' => '1', 'e' => '3', 'a' => '4', 's' => '5', var c => c };
                return new string(chars);
        }
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];

    private static Topic T(string name, string zh, string en, string emoji) => new(name, zh.Split('|'), en.Split('|'), emoji);
}
