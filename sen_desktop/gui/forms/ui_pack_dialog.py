# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'pack_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
    QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

from sen_desktop.gui.common.date_fields import DateField

class Ui_PackDialog(object):
    def setupUi(self, PackDialog):
        if not PackDialog.objectName():
            PackDialog.setObjectName(u"PackDialog")
        PackDialog.resize(1020, 600)
        self.main_layout = QVBoxLayout(PackDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(PackDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.intro_label)

        self.form_error = QLabel(PackDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(6)
        self.title_label = QLabel(PackDialog)
        self.title_label.setObjectName(u"title_label")

        self.fields_layout.addWidget(self.title_label, 0, 0, 1, 1)

        self.title_edit = QLineEdit(PackDialog)
        self.title_edit.setObjectName(u"title_edit")
        self.title_edit.setMaxLength(200)

        self.fields_layout.addWidget(self.title_edit, 0, 1, 1, 3)

        self.body_label = QLabel(PackDialog)
        self.body_label.setObjectName(u"body_label")

        self.fields_layout.addWidget(self.body_label, 1, 0, 1, 1)

        self.body_combo = QComboBox(PackDialog)
        self.body_combo.setObjectName(u"body_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(2)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.body_combo.sizePolicy().hasHeightForWidth())
        self.body_combo.setSizePolicy(sizePolicy)
        self.body_combo.setEditable(True)
        self.body_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.fields_layout.addWidget(self.body_combo, 1, 1, 1, 1)

        self.date_label = QLabel(PackDialog)
        self.date_label.setObjectName(u"date_label")

        self.fields_layout.addWidget(self.date_label, 1, 2, 1, 1)

        self.date_edit = DateField(PackDialog)
        self.date_edit.setObjectName(u"date_edit")
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy1.setHorizontalStretch(1)
        sizePolicy1.setVerticalStretch(0)
        sizePolicy1.setHeightForWidth(self.date_edit.sizePolicy().hasHeightForWidth())
        self.date_edit.setSizePolicy(sizePolicy1)

        self.fields_layout.addWidget(self.date_edit, 1, 3, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.papers_layout = QHBoxLayout()
        self.papers_layout.setSpacing(12)
        self.papers_layout.setObjectName(u"papers_layout")
        self.available_layout = QVBoxLayout()
        self.available_layout.setObjectName(u"available_layout")
        self.available_label = QLabel(PackDialog)
        self.available_label.setObjectName(u"available_label")

        self.available_layout.addWidget(self.available_label)

        self.filter_layout = QHBoxLayout()
        self.filter_layout.setObjectName(u"filter_layout")
        self.kind_combo = QComboBox(PackDialog)
        self.kind_combo.setObjectName(u"kind_combo")

        self.filter_layout.addWidget(self.kind_combo)

        self.filter_edit = QLineEdit(PackDialog)
        self.filter_edit.setObjectName(u"filter_edit")
        self.filter_edit.setClearButtonEnabled(True)

        self.filter_layout.addWidget(self.filter_edit)


        self.available_layout.addLayout(self.filter_layout)

        self.available_list = QListWidget(PackDialog)
        self.available_list.setObjectName(u"available_list")
        self.available_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.available_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.available_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.available_list.setUniformItemSizes(True)

        self.available_layout.addWidget(self.available_list)


        self.papers_layout.addLayout(self.available_layout)

        self.move_layout = QVBoxLayout()
        self.move_layout.setObjectName(u"move_layout")
        self.top_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.move_layout.addItem(self.top_spacer)

        self.add_button = QPushButton(PackDialog)
        self.add_button.setObjectName(u"add_button")

        self.move_layout.addWidget(self.add_button)

        self.remove_button = QPushButton(PackDialog)
        self.remove_button.setObjectName(u"remove_button")

        self.move_layout.addWidget(self.remove_button)

        self.up_button = QPushButton(PackDialog)
        self.up_button.setObjectName(u"up_button")

        self.move_layout.addWidget(self.up_button)

        self.down_button = QPushButton(PackDialog)
        self.down_button.setObjectName(u"down_button")

        self.move_layout.addWidget(self.down_button)

        self.bottom_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.move_layout.addItem(self.bottom_spacer)


        self.papers_layout.addLayout(self.move_layout)

        self.chosen_layout = QVBoxLayout()
        self.chosen_layout.setObjectName(u"chosen_layout")
        self.chosen_label = QLabel(PackDialog)
        self.chosen_label.setObjectName(u"chosen_label")

        self.chosen_layout.addWidget(self.chosen_label)

        self.chosen_list = QListWidget(PackDialog)
        self.chosen_list.setObjectName(u"chosen_list")
        self.chosen_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chosen_list.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.chosen_layout.addWidget(self.chosen_list)

        self.count_label = QLabel(PackDialog)
        self.count_label.setObjectName(u"count_label")

        self.chosen_layout.addWidget(self.count_label)


        self.papers_layout.addLayout(self.chosen_layout)

        self.papers_layout.setStretch(0, 5)
        self.papers_layout.setStretch(2, 5)

        self.main_layout.addLayout(self.papers_layout)

        self.button_box = QDialogButtonBox(PackDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.title_label.setBuddy(self.title_edit)
        self.body_label.setBuddy(self.body_combo)
        self.date_label.setBuddy(self.date_edit)
        self.available_label.setBuddy(self.available_list)
        self.chosen_label.setBuddy(self.chosen_list)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.title_edit, self.body_combo)
        QWidget.setTabOrder(self.body_combo, self.date_edit)
        QWidget.setTabOrder(self.date_edit, self.kind_combo)
        QWidget.setTabOrder(self.kind_combo, self.filter_edit)
        QWidget.setTabOrder(self.filter_edit, self.available_list)
        QWidget.setTabOrder(self.available_list, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.up_button)
        QWidget.setTabOrder(self.up_button, self.down_button)
        QWidget.setTabOrder(self.down_button, self.chosen_list)

        self.retranslateUi(PackDialog)

        QMetaObject.connectSlotsByName(PackDialog)
    # setupUi

    def retranslateUi(self, PackDialog):
        PackDialog.setWindowTitle(QCoreApplication.translate("PackDialog", u"Make a pack of papers", None))
#if QT_CONFIG(accessibility)
        PackDialog.setAccessibleName(QCoreApplication.translate("PackDialog", u"Make a pack of papers", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.intro_label.setAccessibleName(QCoreApplication.translate("PackDialog", u"About packs", None))
#endif // QT_CONFIG(accessibility)
        self.intro_label.setText(QCoreApplication.translate("PackDialog", u"A pack has a cover and a contents page, then each paper from a new page, with the page numbers running through. Choose the papers in the order they go in.", None))
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("PackDialog", u"Problem with this pack", None))
#endif // QT_CONFIG(accessibility)
        self.title_label.setText(QCoreApplication.translate("PackDialog", u"&Title:", None))
#if QT_CONFIG(accessibility)
        self.title_edit.setAccessibleName(QCoreApplication.translate("PackDialog", u"Title of the pack", None))
#endif // QT_CONFIG(accessibility)
        self.title_edit.setPlaceholderText(QCoreApplication.translate("PackDialog", u"e.g. Papers for the Senior Management Team", None))
        self.body_label.setText(QCoreApplication.translate("PackDialog", u"&For:", None))
#if QT_CONFIG(accessibility)
        self.body_combo.setAccessibleName(QCoreApplication.translate("PackDialog", u"The body or group the papers are for", None))
#endif // QT_CONFIG(accessibility)
        self.date_label.setText(QCoreApplication.translate("PackDialog", u"Meeting &date:", None))
#if QT_CONFIG(accessibility)
        self.date_edit.setAccessibleName(QCoreApplication.translate("PackDialog", u"Date of the meeting the pack is for", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.date_edit.setToolTip(QCoreApplication.translate("PackDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
        self.available_label.setText(QCoreApplication.translate("PackDialog", u"&Papers you can include:", None))
#if QT_CONFIG(accessibility)
        self.kind_combo.setAccessibleName(QCoreApplication.translate("PackDialog", u"Kind of paper to show", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.filter_edit.setAccessibleName(QCoreApplication.translate("PackDialog", u"Show papers whose name contains", None))
#endif // QT_CONFIG(accessibility)
        self.filter_edit.setPlaceholderText(QCoreApplication.translate("PackDialog", u"Type to filter, e.g. BESD or 2011", None))
#if QT_CONFIG(accessibility)
        self.available_list.setAccessibleName(QCoreApplication.translate("PackDialog", u"Papers you can include", None))
#endif // QT_CONFIG(accessibility)
        self.add_button.setText(QCoreApplication.translate("PackDialog", u"&Add \u2192", None))
#if QT_CONFIG(accessibility)
        self.add_button.setAccessibleName(QCoreApplication.translate("PackDialog", u"Add the chosen papers to the pack", None))
#endif // QT_CONFIG(accessibility)
        self.remove_button.setText(QCoreApplication.translate("PackDialog", u"\u2190 &Remove", None))
#if QT_CONFIG(accessibility)
        self.remove_button.setAccessibleName(QCoreApplication.translate("PackDialog", u"Take the chosen paper out of the pack", None))
#endif // QT_CONFIG(accessibility)
        self.up_button.setText(QCoreApplication.translate("PackDialog", u"Move &up", None))
#if QT_CONFIG(accessibility)
        self.up_button.setAccessibleName(QCoreApplication.translate("PackDialog", u"Move the chosen paper earlier in the pack", None))
#endif // QT_CONFIG(accessibility)
        self.down_button.setText(QCoreApplication.translate("PackDialog", u"Move do&wn", None))
#if QT_CONFIG(accessibility)
        self.down_button.setAccessibleName(QCoreApplication.translate("PackDialog", u"Move the chosen paper later in the pack", None))
#endif // QT_CONFIG(accessibility)
        self.chosen_label.setText(QCoreApplication.translate("PackDialog", u"&In the pack, in this order:", None))
#if QT_CONFIG(accessibility)
        self.chosen_list.setAccessibleName(QCoreApplication.translate("PackDialog", u"Papers in the pack, in order", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.count_label.setAccessibleName(QCoreApplication.translate("PackDialog", u"How many papers the pack holds", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

